/**
 * Given/when/then for deciders (Emmett's DeciderSpecification, simplified): given past events, when a command,
 * then the new events or a thrown DomainError (the new events are also folded onto the state: an `evolve` that throws
 * on them fails the spec). Framework-free so it can run under any test runner.
 */
import type { Decider } from './decider';
import { DomainError, type DomainErrorKind } from './domain-error';

export interface DeciderSpec<C, E> {
  when(command: C): {
    then(expected: E[]): void;
    thenThrows(kind: DomainErrorKind, messageIncludes?: string): void;
    events(): E[];
  };
}

export function given<C, E, S>(decider: Decider<C, E, S>, past: E[] = []): DeciderSpec<C, E> {
  const state = past.reduce(decider.evolve, decider.initialState());
  return {
    when(command: C) {
      // What it decides is folded too: the command pipeline folds a decision only when a later read needs it, so
      // an `evolve` that cannot apply its own decider's events must fail here, in the decider's tests.
      const run = () => {
        const events = decider.decide(command, state);
        events.reduce(decider.evolve, state);
        return events;
      };
      return {
        events: run,
        then(expected: E[]) {
          const actual = run();
          const a = JSON.stringify(actual);
          const b = JSON.stringify(expected);
          if (a !== b) throw new Error(`expected events\n  ${b}\nbut got\n  ${a}`);
        },
        thenThrows(kind: DomainErrorKind, messageIncludes?: string) {
          let thrown: unknown;
          try {
            run();
          } catch (err) {
            thrown = err;
          }
          if (!(thrown instanceof DomainError)) throw new Error(`expected a DomainError(${kind}) but got ${thrown === undefined ? 'events' : String(thrown)}`);
          if (thrown.kind !== kind) throw new Error(`expected DomainError kind ${kind} but got ${thrown.kind}: ${thrown.message}`);
          if (messageIncludes && !thrown.message.includes(messageIncludes)) throw new Error(`expected message to include "${messageIncludes}" but got "${thrown.message}"`);
        },
      };
    },
  };
}
