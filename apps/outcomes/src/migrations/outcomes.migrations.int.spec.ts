/** Read models added later, against real PostgreSQL: filled from the events recorded before them. */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EVENT_STORE_MIGRATIONS, EventStore } from '@iop/event-store';
import { createTestDatabase, type TestDatabase } from '@iop/testing';
import { createPool, PLATFORM_MIGRATIONS, runMigrations } from '@iop/platform';
import { OUTCOMES_MIGRATIONS } from './outcomes.migrations';

describe('OutcomesScreensAndAbstinence migration', () => {
  let db: TestDatabase;
  afterAll(() => db?.drop());

  it('fills the drug screens and abstinence reports from the events recorded before it, per tenant', async () => {
    db = await createTestDatabase('outcomes_mig');
    const before = OUTCOMES_MIGRATIONS.filter((m) => m.name !== 'OutcomesScreensAndAbstinence1795900000100');
    expect(before).toHaveLength(OUTCOMES_MIGRATIONS.length - 1);
    await runMigrations(db.url, [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...before]);
    const pool = createPool(db.url, 2);
    const [episode, patient, screenId, reportId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const meta = { tenantId: 't-1', actor: { subject: 'nurse-ana' }, correlationId: 'c-1' };
    try {
      await new EventStore(pool).append(`episode-${episode}`, 'episode', [
        { id: randomUUID(), type: 'DrugScreenResulted', metadata: meta, data: {
          screenId, episodeId: episode, patientId: patient, collectedOn: '2026-03-12', results: [{ analyte: 'thc', result: 'positive' }], recordedBy: 'nurse-ana',
        } },
        { id: randomUUID(), type: 'AbstinenceReported', metadata: meta, data: {
          reportId, episodeId: episode, patientId: patient, periodStart: '2026-03-09', periodEnd: '2026-03-15', daysAbstinent: 6, reportedBy: 'nurse-ana',
        } },
      ], { expectedVersion: 'no-stream' });
    } finally {
      await pool.end();
    }
    await runMigrations(db.url, [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...OUTCOMES_MIGRATIONS]);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("SELECT set_config('app.role', 'projector', false)");
      const { rows: screens } = await client.query("SELECT tenant_id, screen_id, episode_id, patient_id, to_char(collected_on, 'YYYY-MM-DD') AS collected_on, results, recorded_by FROM outcome_drug_screens");
      expect(screens).toEqual([{ tenant_id: 't-1', screen_id: screenId, episode_id: episode, patient_id: patient, collected_on: '2026-03-12', results: [{ analyte: 'thc', result: 'positive' }], recorded_by: 'nurse-ana' }]);
      const { rows: reports } = await client.query('SELECT report_id, days_abstinent, reported_by FROM outcome_abstinence_reports');
      expect(reports).toEqual([{ report_id: reportId, days_abstinent: 6, reported_by: 'nurse-ana' }]);
      // Tenant isolation holds on the new tables as on the others.
      await client.query("SELECT set_config('app.role', '', false), set_config('app.tenant_id', 't-2', false)");
      expect((await client.query('SELECT 1 FROM outcome_drug_screens UNION ALL SELECT 1 FROM outcome_abstinence_reports')).rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describe('OutcomesAlumniAttendance migration', () => {
  let db: TestDatabase;
  afterAll(() => db?.drop());

  it('marks the alumni sessions among those attended before it: by the events\' flag, or after the discharge day for events without one', async () => {
    db = await createTestDatabase('outcomes_mig_alumni');
    const before = OUTCOMES_MIGRATIONS.filter((m) => m.name !== 'OutcomesAlumniAttendance1796200000500');
    expect(before).toHaveLength(OUTCOMES_MIGRATIONS.length - 1);
    await runMigrations(db.url, [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...before]);
    const [episode, patient] = [randomUUID(), randomUUID()];
    const [flagged, program, unflaggedAfter, unflaggedBefore] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const meta = { tenantId: 't-1', actor: { subject: 'service:outcomes' }, correlationId: 'c-1' };
    const noted = (sessionId: string, sessionDate: string, alumni?: boolean) => ({
      id: randomUUID(), type: 'SessionAttendanceNoted', metadata: meta,
      data: { episodeId: episode, patientId: patient, sessionId, status: 'present', minutesAttended: 90, sessionDate, ...(alumni === undefined ? {} : { alumni }) },
    });
    const pool = createPool(db.url, 2);
    try {
      await new EventStore(pool).append(`episode-${episode}`, 'episode', [
        noted(unflaggedBefore, '2026-03-02'), noted(unflaggedAfter, '2026-03-12'), noted(program, '2026-03-05', false), noted(flagged, '2026-03-19', true),
      ], { expectedVersion: 'no-stream' });
    } finally {
      await pool.end();
    }
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("SELECT set_config('app.role', 'projector', false)");
      // The rows the projection wrote then, without the column; the episode was discharged on 2026-03-06.
      await client.query(`INSERT INTO outcome_episodes (tenant_id, episode_id, patient_id, location_id, track, start_date, admitted_on, referred_on, status, discharge_date)
        VALUES ('t-1', $1, $2, $3, 'evening', '2026-02-02', '2026-01-30', '2026-01-28', 'discharged', '2026-03-06')`, [episode, patient, randomUUID()]);
      for (const [sessionId, day] of [[unflaggedBefore, '2026-03-02'], [unflaggedAfter, '2026-03-12'], [program, '2026-03-05'], [flagged, '2026-03-19']]) {
        await client.query("INSERT INTO outcome_session_attendance (tenant_id, episode_id, session_id, status, session_date) VALUES ('t-1', $1, $2, 'present', $3)", [episode, sessionId, day]);
      }
      await runMigrations(db.url, [...PLATFORM_MIGRATIONS, ...EVENT_STORE_MIGRATIONS, ...OUTCOMES_MIGRATIONS]);
      const { rows } = await client.query('SELECT session_id FROM outcome_session_attendance WHERE alumni ORDER BY session_date');
      expect(rows.map((r) => r.session_id)).toEqual([unflaggedAfter, flagged]);
    } finally {
      await client.end();
    }
  });
});
