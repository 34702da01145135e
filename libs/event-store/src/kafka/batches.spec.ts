import type { PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import { applyInRuns } from './batches';

const ev = (type: string, n: number): PublicEvent => ({ id: `id-${n}`, type, tenantId: `t-${n}`, correlationId: `c-${n}`, data: { n } }) as unknown as PublicEvent;
const client = {} as PoolClient;

describe('applyInRuns', () => {
  it('gives consecutive events of one applier to it together and every other event to its handler, in order', async () => {
    const calls: string[] = [];
    const mark = (run: { last: boolean }) => (run.last ? ' last' : '');
    const runA = async (events: PublicEvent[], _: PoolClient, run: { last: boolean }) => void calls.push(`A[${events.map((e) => e.id).join(',')}]${mark(run)}`);
    const runB = async (events: PublicEvent[], _: PoolClient, run: { last: boolean }) => void calls.push(`B[${events.map((e) => e.id).join(',')}]${mark(run)}`);
    const apply = applyInRuns({ a1: runA, a2: runA, b: runB }, {
      h: async (event) => void calls.push(`h(${event.id}, tenant ${event.tenantId})`),
    });
    await apply([ev('a1', 1), ev('a2', 2), ev('b', 3), ev('a1', 4), ev('h', 5), ev('a2', 6), ev('a1', 7)], client);
    // Only the run that ends the batch is told so (its writes may go with the COMMIT: nothing after it reads them).
    expect(calls).toEqual(['A[id-1,id-2]', 'B[id-3]', 'A[id-4]', 'h(id-5, tenant t-5)', 'A[id-6,id-7] last']);
    calls.length = 0;
    await apply([ev('a1', 1), ev('h', 2)], client);
    expect(calls).toEqual(['A[id-1]', 'h(id-2, tenant t-2)']);
  });

  it('stops at the first failure: what follows is not applied', async () => {
    const seen: string[] = [];
    const apply = applyInRuns({ a: async () => { throw new Error('refused'); } }, { h: async (e) => void seen.push(e.id) });
    await expect(apply([ev('h', 1), ev('a', 2), ev('h', 3)], client)).rejects.toThrow('refused');
    expect(seen).toEqual(['id-1']);
  });
});
