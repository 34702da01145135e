import { given } from '@iop/decider';
import { meta } from '../../testing/domain-fixtures';
import { planCareDecider, type PlanCareCommand } from './plan-care.decide';
import type { PlanCareEvent, PlanSession } from './plan-care.events';

const now = '2026-03-02T14:00:00.000Z';
const session = (sessionId: string, startsAt: string, service: PlanSession['service'] = 'individual-therapy'): PlanSession => ({
  sessionId, key: `${service}|ana|${startsAt}`, service, staffId: 'ana', staffRole: 'clinician', startsAt, endsAt: startsAt.replace(/T(\d\d)/, (_, h) => `T${Number(h) + 1}`),
});
const [w1, w2, w3] = [session('s1', '2026-03-02T17:10:00-05:00'), session('s2', '2026-03-09T17:10:00-04:00'), session('s3', '2026-03-16T17:10:00-04:00')];
const apply = (version: number, effectiveFrom: string, desired: PlanSession[], attended: string[] = []): PlanCareCommand => ({
  type: 'ApplyPlanCare', data: { episodeId: 'e1', planId: 'p1', version, effectiveFrom, desired, unplaced: [], attended }, metadata: meta(now),
});
const v1: PlanCareEvent = {
  type: 'PlanCareApplied', data: { episodeId: 'e1', planId: 'p1', version: 1, effectiveFrom: '2026-03-01T12:00:00Z', booked: [w1, w2, w3], cancelled: [], unplaced: [], appliedAt: now },
};

describe('plan care', () => {
  it("books a first version's sessions", () => {
    given(planCareDecider).when(apply(1, '2026-03-01T12:00:00Z', [w1, w2, w3])).then([v1]);
  });

  it('a repeated or older version changes nothing', () => {
    given(planCareDecider, [v1]).when(apply(1, '2026-03-01T12:00:00Z', [w1])).then([]);
  });

  it('a newer version keeps the later sessions it still orders, cancels the rest, books what is new, and never touches earlier ones', () => {
    const family = session('f2', '2026-03-10T17:10:00-04:00', 'family-therapy');
    const revised = given(planCareDecider, [v1]).when(apply(2, '2026-03-05T12:00:00Z', [{ ...w2, sessionId: 'new-id' }, family])).events();
    expect(revised).toEqual([{
      type: 'PlanCareApplied',
      data: { episodeId: 'e1', planId: 'p1', version: 2, effectiveFrom: '2026-03-05T12:00:00Z', booked: [family], cancelled: ['s3'], unplaced: [], appliedAt: now },
    }]);
  });

  it('books again a time whose session someone cancelled meanwhile, under a new id', () => {
    const command = apply(2, '2026-03-05T12:00:00Z', [{ ...w2, sessionId: 'new-id' }, { ...w3, sessionId: 'new-3' }]);
    if (command.type === 'ApplyPlanCare') command.data.gone = ['s2'];
    const events = given(planCareDecider, [v1]).when(command).events();
    expect(events[0].data).toMatchObject({ booked: [{ sessionId: 'new-id', key: w2.key }], cancelled: ['s2'] });
  });

  it('never cancels a session with attendance recorded', () => {
    const events = given(planCareDecider, [v1]).when(apply(2, '2026-03-01T12:00:00Z', [], ['s1'])).events();
    expect(events[0].data).toMatchObject({ cancelled: ['s2', 's3'], booked: [] });
  });

  it("the episode's end cancels the sessions after it, once", () => {
    const stop: PlanCareCommand = { type: 'StopPlanCare', data: { episodeId: 'e1', reason: 'discharged', at: '2026-03-09T12:00:00Z', attended: [] }, metadata: meta(now) };
    const stopped = given(planCareDecider, [v1]).when(stop).events();
    expect(stopped).toEqual([{ type: 'PlanCareStopped', data: { episodeId: 'e1', reason: 'discharged', at: '2026-03-09T12:00:00Z', cancelled: ['s2', 's3'], stoppedAt: now } }]);
    given(planCareDecider, [v1, ...stopped]).when(stop).then([]);
    given(planCareDecider).when(stop).then([]);
  });
});
