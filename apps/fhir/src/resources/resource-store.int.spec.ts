/**
 * The set-based resource store under the inbox: a batch of events about the same resources, applied in one inbox
 * transaction, gives the versions and history its events give one by one; a transaction whose read went stale
 * writes nothing; one that reads a resource another transaction holds waits for it; the rebuild gives the same
 * history again.
 */
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  contractFor, diagnosisRecordedV1, diagnosisRemovedV1, diagnosisResolvedV1, levelOfCareChangedV1, patientAdmittedV1, patientDischargedV1,
  patientReferredV1, type PublicEvent, toKafkaMessage,
} from '@iop/domain-events';
import { EventConsumers, EventStore, type InboxConsumer, UnitOfWork } from '@iop/event-store';
import { commit, PROJECTOR_SETTING } from '@iop/platform';
import { event, type FhirKit, startFhirKit } from '../testing/fhir.test-kit';
import { loadResource, saveResource } from './resource-store';

jest.setTimeout(300_000);

const TENANT = 'fhir-set-clinic';

interface VersionRow {
  resource_type: string;
  id: string;
  version_id: number;
  deleted: boolean;
  resource: { meta?: { versionId?: string; lastUpdated?: string }; [key: string]: unknown } | null;
  last_updated: string;
  tx: string;
}

describe('the resource store, set-based per inbox transaction', () => {
  let kit: FhirKit;
  let admissions: InboxConsumer;
  const [patientId, episodeId, referralId, diagnosisId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const common = { episodeId, patientId };

  const referred = () => event(patientReferredV1, TENANT, { referralId, patientId, source: 'self', referredAt: '2026-03-02T09:15:00-05:00' });
  const admitted = event(patientAdmittedV1, TENANT, {
    ...common, referralId, displayName: 'Batch P.', ageBand: '40-44', locationId: randomUUID(), track: 'evening', levelOfCare: '2.1', startDate: '2026-03-09',
    plannedEndDate: '2026-05-04', referralSource: 'self', referredAt: '2026-03-02T09:15:00-05:00', admittedAt: '2026-03-06T14:02:11-05:00',
    recommendedLevel: '2.1', levelOverridden: false,
  });
  const diagnosis = () => event(diagnosisRecordedV1, TENANT, {
    diagnosisId, ...common, code: 'F11.20', system: 'ICD-10-CM', kind: 'primary', category: 'substance-use', substance: 'opioid', severity: 'moderate',
    inRemission: false, recordedAt: '2026-03-06T15:00:00-05:00',
  });
  const batch: PublicEvent[] = [
    referred(),
    admitted,
    // Another event with the referral's data: it changes nothing, so it adds no version.
    referred(),
    event(levelOfCareChangedV1, TENANT, { ...common, fromLevel: '2.1', toLevel: '1', changedAt: '2026-04-01T10:00:00-04:00' }),
    event(patientDischargedV1, TENANT, {
      ...common, locationId: randomUUID(), track: 'evening', reason: 'completed', startDate: '2026-03-09', dischargedAt: '2026-05-01T20:30:00-04:00', joinAlumni: false,
    }),
    diagnosis(),
    event(diagnosisResolvedV1, TENANT, { diagnosisId, ...common, resolvedAt: '2026-04-20T10:00:00-04:00' }),
    event(diagnosisRemovedV1, TENANT, { diagnosisId, ...common, reason: 'entered-in-error', removedAt: '2026-04-21T10:00:00-04:00' }),
    // Recorded again after its removal: its versions go on from the deletion's.
    diagnosis(),
  ];

  /** The events as the admissions topic's records of one partition, applied as the consumer applies a fetched batch. */
  const applyAsOneBatch = (events: PublicEvent[]) => admissions.processChunk('admissions', 0, events.map((e, n) => {
    const m = toKafkaMessage(String((e.data as Record<string, unknown>)[contractFor(e.type)!.key]), e);
    return { ...m, offset: String(n), timestamp: String(Date.now()), attributes: 0, size: 0 } as never;
  }));

  const versions = async (ids: string[]) => (await kit.db.query<VersionRow>(
    `SELECT resource_type, id, version_id, deleted, resource, last_updated::text, xmin::text AS tx FROM fhir_resource_versions
     WHERE id = ANY($1) ORDER BY resource_type, id, version_id`, [ids])).rows;

  beforeAll(async () => {
    kit = await startFhirKit();
    const consumers = kit.app.app.get(EventConsumers);
    admissions = consumers.consumer('admissions')!;
    // Through Kafka first: once it is consumed, the consumer has started (and found nothing parked), so a batch is
    // applied in one transaction.
    const warmUp = event(patientReferredV1, TENANT, { referralId: randomUUID(), patientId: randomUUID(), source: 'self', referredAt: '2026-03-01T09:00:00-05:00' });
    await kit.publish([warmUp]);
    await kit.consumed([warmUp]);
  });
  afterAll(() => kit?.close());

  it('applies several events about one resource in one transaction, a version per change, as one by one', async () => {
    await applyAsOneBatch(batch);
    await kit.consumed(batch);
    const rows = await versions([patientId, episodeId, diagnosisId]);
    // One transaction wrote them all (the batch did not fail over to one by one).
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
    expect(rows.map((r) => [r.resource_type, r.version_id, r.deleted])).toEqual([
      ['Condition', 1, false], ['Condition', 2, false], ['Condition', 3, true], ['Condition', 4, false],
      ['EpisodeOfCare', 1, false], ['EpisodeOfCare', 2, false], ['EpisodeOfCare', 3, false],
      ['Patient', 1, false], ['Patient', 2, false],
    ]);
    for (const r of rows.filter((v) => !v.deleted)) {
      expect(r.resource?.meta?.versionId).toBe(String(r.version_id));
      expect(Date.parse(r.resource!.meta!.lastUpdated!)).toBe(Date.parse(r.last_updated));
    }
    const byVersion = (type: string, v: number) => rows.find((r) => r.resource_type === type && r.version_id === v)!.resource!;
    expect(byVersion('Patient', 1).name).toBeUndefined();
    expect(byVersion('Patient', 2).name).toEqual([{ use: 'usual', text: 'Batch P.' }]);
    expect(byVersion('EpisodeOfCare', 1)).toMatchObject({ status: 'active', type: [{ coding: [{ code: '2.1' }] }] });
    expect(byVersion('EpisodeOfCare', 2)).toMatchObject({ status: 'active', type: [{ coding: [{ code: '1' }] }] });
    expect(byVersion('EpisodeOfCare', 3)).toMatchObject({ status: 'finished' });
    expect(byVersion('Condition', 2)).toMatchObject({ clinicalStatus: { coding: [{ code: 'resolved' }] } });

    // The current rows are the last versions, and the REST reads agree.
    const { rows: current } = await kit.db.query<{ resource_type: string; version_id: number; resource: unknown }>(
      'SELECT resource_type, version_id, resource FROM fhir_resources WHERE id = ANY($1) ORDER BY resource_type', [[patientId, episodeId, diagnosisId]]);
    expect(current.map((r) => [r.resource_type, r.version_id])).toEqual([['Condition', 4], ['EpisodeOfCare', 3], ['Patient', 2]]);
    for (const r of current) expect(r.resource).toEqual(byVersion(r.resource_type, r.version_id));
    const token = await kit.token(TENANT, ['clinician']);
    const history = await kit.app.request('GET', `/fhir/Condition/${diagnosisId}/_history`, { token });
    expect(history.body.entry.map((e: { request: { method: string }; response: { etag: string } }) => [e.request.method, e.response.etag]))
      .toEqual([['PUT', 'W/"4"'], ['DELETE', 'W/"3"'], ['PUT', 'W/"2"'], ['POST', 'W/"1"']]);
    expect((await kit.app.request('GET', `/fhir/EpisodeOfCare/${episodeId}/_history/2`, { token })).body.meta.versionId).toBe('2');

    // Kept once each, in the batch's order.
    const { rows: kept } = await kit.db.query<{ event_id: string }>('SELECT event_id FROM fhir_consumed_events WHERE event_id = ANY($1) ORDER BY seq', [batch.map((e) => e.id)]);
    expect(kept.map((k) => k.event_id)).toEqual(batch.map((e) => e.id));

    // Delivered again: the inbox skips them, nothing changes.
    await applyAsOneBatch(batch);
    expect(await versions([patientId, episodeId, diagnosisId])).toEqual(rows);
  });

  it('writes nothing when a row it read was changed meanwhile outside the locks (a rebuild rewrites rows), so the events are applied again', async () => {
    const store = kit.app.app.get(EventStore);
    const client: PoolClient = await store.pool.connect();
    const episodeRow = async () => (await kit.db.query<{ version_id: number; status: string; last_updated: string }>(
      "SELECT version_id, resource ->> 'status' AS status, last_updated::text FROM fhir_resources WHERE resource_type = 'EpisodeOfCare' AND id = $1", [episodeId])).rows;
    try {
      await client.query('BEGIN');
      await client.query(PROJECTOR_SETTING);
      const uow = new UnitOfWork(store, client);
      const episode = await loadResource(client, 'EpisodeOfCare', episodeId);
      expect(episode).toMatchObject({ status: 'finished' });
      // Same version, another time: what a rebuild that started its histories again leaves.
      await kit.db.query("UPDATE fhir_resources SET last_updated = last_updated + interval '1 second' WHERE resource_type = 'EpisodeOfCare' AND id = $1", [episodeId]);
      await saveResource(client, TENANT, { type: 'EpisodeOfCare', id: episodeId, patientId, date: '2026-03-09', status: 'cancelled', resource: { ...episode!, status: 'cancelled' } });
      await expect(uow.complete()).rejects.toThrow(`EpisodeOfCare/${episodeId} changed in another transaction`);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(await episodeRow()).toEqual([{ version_id: 3, status: 'finished', last_updated: expect.any(String) }]);
    expect((await versions([episodeId])).map((r) => r.version_id)).toEqual([1, 2, 3]);
  });

  it('rebuilds the same history from the kept events', async () => {
    const strip = (r: VersionRow) => [r.resource_type, r.id, r.version_id, r.deleted, r.resource && { ...r.resource, meta: { ...r.resource.meta, lastUpdated: undefined } }];
    const before = (await versions([patientId, episodeId, diagnosisId])).map(strip);
    const operator = await kit.token(TENANT, ['operator']);
    expect((await kit.app.request('POST', '/v1/admin/read-model/rebuild', { token: operator })).status).toBe(202);
    let progress = { status: 'running' };
    for (let i = 0; i < 600 && progress.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      progress = (await kit.app.request('GET', '/v1/admin/read-model/rebuild', { token: operator })).body;
    }
    expect(progress).toMatchObject({ status: 'completed' });
    expect((await versions([patientId, episodeId, diagnosisId])).map(strip)).toEqual(before);
  });

  it('waits for another transaction that holds a resource it reads, and starts from what that one committed', async () => {
    const store = kit.app.app.get(EventStore);
    const client: PoolClient = await store.pool.connect();
    let applied: Promise<void> | undefined;
    try {
      await client.query('BEGIN');
      await client.query(PROJECTOR_SETTING);
      const uow = new UnitOfWork(store, client);
      const episode = await loadResource(client, 'EpisodeOfCare', episodeId);
      // Another partition's batch about the same episode: it waits for this transaction's lock.
      const other = event(levelOfCareChangedV1, TENANT, { ...common, fromLevel: '1', toLevel: '2.1', changedAt: '2026-05-02T10:00:00-04:00' });
      applied = applyAsOneBatch([other]);
      await new Promise((r) => setTimeout(r, 300));
      await saveResource(client, TENANT, { type: 'EpisodeOfCare', id: episodeId, patientId, date: '2026-03-09', status: 'finished', resource: { ...episode!, period: { start: '2026-03-09', end: '2026-04-30' } } });
      await uow.complete();
      await commit(client);
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
    await applied;
    const rows = await versions([episodeId]);
    expect(rows.map((r) => r.version_id)).toEqual([1, 2, 3, 4, 5]);
    // The level change started from this transaction's version 4 (its period) and kept it.
    expect(rows[4].resource).toMatchObject({ period: { start: '2026-03-09', end: '2026-04-30' }, type: [{ coding: [{ code: '2.1' }] }] });
    expect(new Set(rows.slice(3).map((r) => r.tx)).size).toBe(2);
  });

  it("applies patients' referrals and admissions sent at once (two partitions), neither overwriting the other", async () => {
    const pairs = Array.from({ length: 200 }, () => {
      const [patient, referral] = [randomUUID(), randomUUID()];
      return [
        event(patientReferredV1, TENANT, { referralId: referral, patientId: patient, source: 'self', referredAt: '2026-03-02T09:15:00-05:00' }),
        event(patientAdmittedV1, TENANT, { ...admitted.data, patientId: patient, episodeId: randomUUID(), referralId: referral, displayName: 'Pair P.' }),
      ];
    });
    await Promise.all(pairs.map((pair) => kit.publish(pair)));
    const all = pairs.flat();
    await kit.consumed(all, 120_000);
    const { rows } = await kit.db.query<{ named: number }>(
      "SELECT count(*) FILTER (WHERE resource -> 'name' -> 0 ->> 'text' = 'Pair P.')::int AS named FROM fhir_resources WHERE resource_type = 'Patient' AND id = ANY($1)",
      [pairs.map((p) => p[0].data.patientId)]);
    expect(rows[0].named).toBe(200);
    expect((await kit.db.query('SELECT count(*)::int AS n FROM dead_letters')).rows[0].n).toBe(0);
  });

  it('judges a resource written without a read against its row: no version for no change', async () => {
    const store = kit.app.app.get(EventStore);
    const write = async (fn: (client: PoolClient) => Promise<void>) => {
      const client = await store.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(PROJECTOR_SETTING);
        const uow = new UnitOfWork(store, client);
        await fn(client);
        await uow.complete();
        await commit(client);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    };
    const id = randomUUID();
    const resource = { resourceType: 'Location', id, meta: { security: [] }, name: 'Annex' };
    const location = (name: string) => ({ type: 'Location' as const, id, patientId: null, date: null, status: 'active', resource: { ...resource, name } });
    await write(async (c) => saveResource(c, TENANT, location('Annex')));
    // Written twice without a read, the second time with no change, then changed.
    await write(async (c) => {
      await saveResource(c, TENANT, location('Annex'));
      await saveResource(c, TENANT, location('Annex East'));
    });
    const rows = await versions([id]);
    expect(rows.map((r) => [r.version_id, r.resource?.name])).toEqual([[1, 'Annex'], [2, 'Annex East']]);
  });
});
