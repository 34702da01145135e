import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL, withTenant } from '@iop/platform';

export type CounselingNote = { counselingNoteId: string; episodeId: string; patientId: string; author: string; body: string; createdAt: string };
export type Grant = { kind: 'role' | 'subject'; grantee: string };

/**
 * SUD counseling notes in their own tables, never in the event store, so no projection, rebuild or publisher can
 * carry them anywhere (42 CFR Part 2 keeps psychotherapy-style notes apart). Every query runs under the tenant.
 */
@Injectable()
export class CounselingNotesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async create(tenantId: string, note: CounselingNote): Promise<void> {
    await withTenant(this.pool, tenantId, (c) => c.query(
      `INSERT INTO counseling_notes (counseling_note_id, tenant_id, episode_id, patient_id, author, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [note.counselingNoteId, tenantId, note.episodeId, note.patientId, note.author, note.body, note.createdAt]));
  }

  async find(tenantId: string, id: string): Promise<(CounselingNote & { grants: Grant[] }) | undefined> {
    return withTenant(this.pool, tenantId, async (c) => {
      const { rows } = await c.query<CounselingNote>(
        `SELECT counseling_note_id AS "counselingNoteId", episode_id AS "episodeId", patient_id AS "patientId", author, body,
                created_at AS "createdAt"
         FROM counseling_notes WHERE counseling_note_id = $1`, [id]);
      if (!rows[0]) return undefined;
      const grants = await c.query<Grant>('SELECT grantee_kind AS kind, grantee FROM counseling_note_grants WHERE counseling_note_id = $1', [id]);
      return { ...rows[0], grants: grants.rows };
    });
  }

  async grant(tenantId: string, id: string, grant: Grant, by: string, at: string): Promise<void> {
    await withTenant(this.pool, tenantId, (c) => c.query(
      `INSERT INTO counseling_note_grants (counseling_note_id, tenant_id, grantee_kind, grantee, granted_by, granted_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [id, tenantId, grant.kind, grant.grantee, by, at]));
  }
}
