/**
 * The decider pattern (Emmett, Chassaing): `decide(command, state) -> events`, `evolve(state, event) -> state`.
 * Pure functions; time, ids and the actor arrive in the command's metadata, never from a clock.
 */
export interface CommandMetadata {
  /** When the command was accepted (ISO-8601). */
  now: string;
  tenantId: string;
  actor: { subject: string; roles: readonly string[] };
  correlationId: string;
  causationId?: string;
  /** Ids the command may need (for new streams or child entities), minted outside the domain. */
  ids?: readonly string[];
}

export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export const fold = <Event, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: readonly Event[]): State =>
  events.reduce(decider.evolve, decider.initialState());

/** Exhaustiveness check for `switch` over a union: a new event type fails to compile until handled. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
