import { canonicalTimeZone, clockMinutes, instantToLocal } from '@iop/calendar';
import { assertNever, type CommandMetadata, conflict, type Decider, type FieldError, invalid, notFound } from '@iop/decider';
import { DEFAULT_PROGRAM_SETTINGS, type HoursRule } from '../program/program-rules';
import { curriculumProblems, hoursRuleShortfall } from './curriculum';
import type { Curriculum, LocationEvent, SessionBlock } from './location.events';
import { evolve, initialState, type LocationState } from './location.state';

export type LocationCommand =
  /** `curricula` (with the tenant's hours `rule`): saved with the location, so that its first weeks already follow them. */
  | {
    type: 'ConfigureLocation';
    data: { locationId: string; name: string; timezone: string; blocks: SessionBlock[]; curricula?: Curriculum[]; rule?: HoursRule };
    metadata: CommandMetadata;
  }
  | { type: 'ReplaceBlocks'; data: { blocks: SessionBlock[] }; metadata: CommandMetadata }
  /** `rule`: the tenant's program settings, read by the caller; the curriculum's week must be able to meet it. */
  | { type: 'SetCurriculum'; data: Curriculum & { rule: HoursRule }; metadata: CommandMetadata };

/** Blocks are local clock times: end after start on the same day, and one track's blocks never overlap on a day. */
export function blockProblems(blocks: readonly SessionBlock[]): FieldError[] {
  const problems: FieldError[] = [];
  blocks.forEach((b, i) => {
    if (clockMinutes(b.end) <= clockMinutes(b.start)) problems.push({ path: `blocks.${i}.end`, message: 'must be after start (same day)' });
    blocks.slice(0, i).forEach((other, j) => {
      const sameDay = other.track === b.track && other.days.some((d) => b.days.includes(d));
      const overlap = clockMinutes(other.start) < clockMinutes(b.end) && clockMinutes(b.start) < clockMinutes(other.end);
      if (sameDay && overlap) problems.push({ path: `blocks.${i}`, message: `overlaps blocks.${j} of the same track on a shared day` });
    });
  });
  return problems;
}

function configure(command: Extract<LocationCommand, { type: 'ConfigureLocation' }>, state: LocationState): LocationEvent[] {
  if (state.status !== 'none') throw conflict(`Location ${command.data.locationId} already exists.`);
  const timezone = canonicalTimeZone(command.data.timezone);
  if (!timezone) throw invalid(`Unknown time zone "${command.data.timezone}": use an IANA name such as America/New_York.`, [{ path: 'timezone', message: 'is not a known IANA time zone' }], 'unknown-time-zone');
  const problems = blockProblems(command.data.blocks);
  if (problems.length) throw invalid('The session blocks are not valid.', problems, 'invalid-blocks');
  const { curricula = [], rule, locationId, name, blocks } = command.data;
  const events: LocationEvent[] = [{ type: 'LocationConfigured', data: { locationId, name, timezone, blocks, configuredAt: command.metadata.now } }];
  let configured = events.reduce(evolve, state);
  for (const curriculum of curricula) {
    const [changed] = setCurriculum({ type: 'SetCurriculum', data: { ...curriculum, rule: rule ?? DEFAULT_PROGRAM_SETTINGS }, metadata: command.metadata }, configured);
    configured = evolve(configured, changed);
    events.push(changed);
  }
  return events;
}

function replaceBlocks(command: Extract<LocationCommand, { type: 'ReplaceBlocks' }>, state: LocationState): LocationEvent[] {
  if (state.status === 'none') throw notFound('No such location.');
  const problems = blockProblems(command.data.blocks);
  if (problems.length) throw invalid('The session blocks are not valid.', problems, 'invalid-blocks');
  const { locationId, name, timezone } = state;
  return [{ type: 'LocationConfigured', data: { locationId, name, timezone, blocks: command.data.blocks, configuredAt: command.metadata.now } }];
}

/**
 * A new version from a local date that has not begun at the location: sessions already held (and attended) keep the
 * curriculum they had. Saving the same track and date again replaces that version.
 */
function setCurriculum(command: Extract<LocationCommand, { type: 'SetCurriculum' }>, state: LocationState): LocationEvent[] {
  if (state.status === 'none') throw notFound('No such location.');
  const { rule, ...curriculum } = command.data;
  const today = instantToLocal(command.metadata.now, state.timezone).date;
  if (curriculum.effectiveFrom < today) {
    throw invalid('A curriculum applies from today on: past sessions keep the curriculum they were held under.', [{ path: 'effectiveFrom', message: `must not be before ${today} (today at the location)` }], 'curriculum-in-the-past');
  }
  const problems = curriculumProblems(curriculum.track, curriculum.sessions, state.blocks);
  if (problems.length) throw invalid('The curriculum\'s sessions are not valid.', problems, 'invalid-curriculum');
  const shortfall = hoursRuleShortfall(curriculum.sessions, rule);
  if (shortfall.length) {
    throw invalid(`The curriculum cannot meet the program's hours rule (at least ${rule.minHoursPerDay} h a day on at least ${rule.minDaysPerWeek} days a week): ${shortfall[0].message}.`, shortfall, 'curriculum-below-hours-rule');
  }
  return [{ type: 'CurriculumChanged', data: { locationId: state.locationId, ...curriculum, changedAt: command.metadata.now } }];
}

export function decide(command: LocationCommand, state: LocationState): LocationEvent[] {
  switch (command.type) {
    case 'ConfigureLocation': return configure(command, state);
    case 'ReplaceBlocks': return replaceBlocks(command, state);
    case 'SetCurriculum': return setCurriculum(command, state);
    default: return assertNever(command);
  }
}

export const locationDecider: Decider<LocationCommand, LocationEvent, LocationState> = { decide, evolve, initialState };
