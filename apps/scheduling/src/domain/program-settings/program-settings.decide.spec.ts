import { given } from '@iop/decider';
import { meta } from '../../testing/domain-fixtures';
import { programSettingsDecider } from './program-settings.decide';
import type { ProgramSettingsChanged } from './program-settings.events';

const now = '2026-11-27T12:00:00.000Z';
const settings = { groupSizeLimit: 12, minHoursPerDay: 3, minDaysPerWeek: 4, alumniMissedSessionsLimit: 4 };

describe('program settings', () => {
  it('records the alumni missed-sessions limit with the rest', () => {
    given(programSettingsDecider).when({ type: 'ChangeProgramSettings', data: { ...settings, alumniMissedSessionsLimit: 2 }, metadata: meta(now, ['admin']) })
      .then([{ type: 'ProgramSettingsChanged', data: { ...settings, alumniMissedSessionsLimit: 2, changedAt: now } }]);
  });
  it('reads a change stored before the limit existed as the default 4: the same settings again change nothing', () => {
    const old: ProgramSettingsChanged = { type: 'ProgramSettingsChanged', data: { groupSizeLimit: 8, minHoursPerDay: 3, minDaysPerWeek: 4, changedAt: now } };
    given(programSettingsDecider, [old]).when({ type: 'ChangeProgramSettings', data: { ...settings, groupSizeLimit: 8 }, metadata: meta(now, ['admin']) }).then([]);
  });
});
