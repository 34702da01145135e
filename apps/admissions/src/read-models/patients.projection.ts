import type { AlumniEnrolled } from '../domain/episode/episode.events';
import type { PatientRegistered } from '../domain/patient/patient.events';
import { dataOf, projectionOf, tenantOf } from './projection-support';

/** Patients' demographics (PHI: read only through audited routes) and alumni membership. */
export const patientsProjection = projectionOf('patients', ['patients'], {
  PatientRegistered: async (client, table, event) => {
    const d = dataOf<PatientRegistered['data']>(event);
    await client.query(
      `INSERT INTO ${table('patients')} (tenant_id, patient_id, first_name, last_name, date_of_birth, phone, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [tenantOf(event), d.patientId, d.firstName, d.lastName, d.dateOfBirth, d.phone ?? null, d.registeredAt],
    );
  },
  AlumniEnrolled: async (client, table, event) => {
    const d = dataOf<AlumniEnrolled['data']>(event);
    await client.query(`UPDATE ${table('patients')} SET alumni_since = coalesce(alumni_since, $3) WHERE tenant_id = $1 AND patient_id = $2`, [
      tenantOf(event), d.patientId, d.enrolledAt,
    ]);
  },
});
