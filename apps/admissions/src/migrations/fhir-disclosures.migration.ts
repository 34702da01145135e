import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accounting of disclosures also keeps the FHIR facade's (iop.fhir.DisclosureRecorded.v1): those give out
 * resources, not an event, so a disclosure says which service made it (`channel`), and either the event it carried
 * (webhooks) or the FHIR interaction and the resources (fhir).
 */
export class AdmissionsFhirDisclosures1796800000000 implements MigrationInterface {
  name = 'AdmissionsFhirDisclosures1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE disclosures
      ADD COLUMN channel text NOT NULL DEFAULT 'webhook', ADD COLUMN interaction text, ADD COLUMN resources text[],
      ALTER COLUMN event_type DROP NOT NULL, ALTER COLUMN event_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("SELECT set_config('app.role', 'projector', true)");
    await q.query("DELETE FROM disclosures WHERE channel = 'fhir'");
    await q.query(`ALTER TABLE disclosures DROP COLUMN channel, DROP COLUMN interaction, DROP COLUMN resources,
      ALTER COLUMN event_type SET NOT NULL, ALTER COLUMN event_id SET NOT NULL`);
  }
}
