import { type ContractFixture, LIMITS, sessionStoreContract } from './testing/console.test-kit';
import { MemorySessionStore } from './sessions';

describe('MemorySessionStore', () => {
  sessionStoreContract((): ContractFixture => {
    const clock = { now: 0 };
    return {
      clock,
      store: () => new MemorySessionStore(LIMITS, () => clock.now),
      count: async (s) => (s as MemorySessionStore).size,
    };
  });
});
