import { canonicalTimeZone, clockMinutes } from '@iop/calendar';
import { type CommandMetadata, conflict, type Decider, type FieldError, invalid, notFound } from '@iop/decider';
import type { LocationEvent, SessionBlock } from './location.events';
import { evolve, initialState, type LocationState } from './location.state';

export type LocationCommand =
  | { type: 'ConfigureLocation'; data: { locationId: string; name: string; timezone: string; blocks: SessionBlock[] }; metadata: CommandMetadata }
  | { type: 'ReplaceBlocks'; data: { blocks: SessionBlock[] }; metadata: CommandMetadata };

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
  return [{ type: 'LocationConfigured', data: { ...command.data, timezone, configuredAt: command.metadata.now } }];
}

function replaceBlocks(command: Extract<LocationCommand, { type: 'ReplaceBlocks' }>, state: LocationState): LocationEvent[] {
  if (state.status === 'none') throw notFound('No such location.');
  const problems = blockProblems(command.data.blocks);
  if (problems.length) throw invalid('The session blocks are not valid.', problems, 'invalid-blocks');
  const { locationId, name, timezone } = state;
  return [{ type: 'LocationConfigured', data: { locationId, name, timezone, blocks: command.data.blocks, configuredAt: command.metadata.now } }];
}

export function decide(command: LocationCommand, state: LocationState): LocationEvent[] {
  return command.type === 'ConfigureLocation' ? configure(command, state) : replaceBlocks(command, state);
}

export const locationDecider: Decider<LocationCommand, LocationEvent, LocationState> = { decide, evolve, initialState };
