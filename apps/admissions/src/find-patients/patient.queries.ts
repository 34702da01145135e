import type { PoolClient } from 'pg';
import { type KeyedRow, keyset, type Page, type PageParams } from '@iop/platform';

type PatientRow = {
  patient_id: string; first_name: string; last_name: string; date_of_birth: string; phone: string | null; registered_at: Date;
  alumni_since: Date | null;
};
const COLUMNS = 'patient_id, first_name, last_name, date_of_birth::text AS date_of_birth, phone, registered_at, alumni_since';

const patientView = (r: PatientRow) => ({
  patientId: r.patient_id,
  firstName: r.first_name,
  lastName: r.last_name,
  dateOfBirth: r.date_of_birth,
  phone: r.phone,
  registeredAt: r.registered_at.toISOString(),
  alumni: r.alumni_since !== null,
  alumniSince: r.alumni_since?.toISOString() ?? null,
});

/** The patient's demographics with the ids of their referrals and episodes (the history an alumnus brings back). */
export async function findPatient(client: PoolClient, tenantId: string, patientId: string) {
  const { rows } = await client.query<PatientRow>(`SELECT ${COLUMNS} FROM patients WHERE tenant_id = $1 AND patient_id = $2`, [tenantId, patientId]);
  if (!rows[0]) return undefined;
  const referrals = await client.query(
    'SELECT referral_id AS "referralId", status, source, referred_at AS "referredAt" FROM referrals WHERE tenant_id = $1 AND patient_id = $2 ORDER BY referred_at',
    [tenantId, patientId]);
  const episodes = await client.query(
    `SELECT episode_id AS "episodeId", status, start_date::text AS "startDate", discharged_at AS "dischargedAt" FROM episodes
     WHERE tenant_id = $1 AND patient_id = $2 ORDER BY admitted_at`, [tenantId, patientId]);
  return { ...patientView(rows[0]), referrals: referrals.rows, episodes: episodes.rows };
}

export const patientExists = async (client: PoolClient, tenantId: string, patientId: string): Promise<boolean> =>
  ((await client.query('SELECT 1 FROM patients WHERE tenant_id = $1 AND patient_id = $2', [tenantId, patientId])).rowCount ?? 0) > 0;

const PATIENTS = keyset('admissions.patients', [{ sql: 'registered_at', type: 'timestamptz' }, { sql: 'patient_id', type: 'uuid' }]);

/** Intake's search before re-referring someone: by last name (case-insensitive) and date of birth. */
export async function searchPatients(
  client: PoolClient, tenantId: string, f: { lastName?: string; dateOfBirth?: string }, q: PageParams,
): Promise<Page<ReturnType<typeof patientView>>> {
  const page = PATIENTS.request(q);
  const after = PATIENTS.where(page, 5);
  const { rows } = await client.query<PatientRow & KeyedRow>(
    `SELECT ${COLUMNS}, ${PATIENTS.keySelect} FROM patients
     WHERE tenant_id = $1 AND ($2::text IS NULL OR lower(last_name) = lower($2)) AND ($3::date IS NULL OR date_of_birth = $3)
       AND ${after.sql} ORDER BY ${PATIENTS.orderBy} LIMIT $4`,
    [tenantId, f.lastName ?? null, f.dateOfBirth ?? null, page.limit + 1, ...after.params],
  );
  return PATIENTS.page(rows, page, patientView);
}
