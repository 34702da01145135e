import { Controller, Get, Header, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool, PoolClient } from 'pg';
import type { FhirInteraction } from '@iop/domain-events';
import { EventStore } from '@iop/event-store';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Public, Roles, withTenant } from '@iop/platform';
import { consentsInForce } from '../disclosure/consent-ledger';
import { type Disclosed, recordDisclosures } from '../disclosure/disclosures';
import { NOTICE_EXTENSION_DEFINITION } from '../disclosure/notice-extension';
import { coveringConsent, DISCLOSURE_CATEGORY, type Recipient, recipientOf, refuse, servedSql, withNotice } from '../disclosure/recipient-access';
import { type FhirResource, isResourceType, type ResourceType } from '../resources/fhir-resources';
import { capabilityStatement } from './capability-statement';
import { everythingSql, includedReferences } from './everything';
import { FHIR_JSON, OperationOutcomeFilter } from './operation-outcome.filter';
import { MAX_COUNT, parseSearch } from './search';
import { claimsOf, grantFor, requireWithinGrant, type ScopeGrant } from './smart-scopes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type Row = { resource_type: ResourceType; id: string; patient_id: string | null; resource: FhirResource };
type VersionRow = { version_id: number; last_updated: Date; deleted: boolean; patient_id: string | null; resource: FhirResource | null };

/** Who may call the facade: the clinical roles, and integrators for what a consent in force allows them. */
export const READER_ROLES = [...CLINICAL_ROLES, 'integrator'] as const;

/**
 * FHIR R4 REST at `/fhir` (read-only): read, vread, instance history, search with a searchset Bundle and paging links,
 * Patient/$everything and the CapabilityStatement. Its own shapes are FHIR's, not the platform's OpenAPI conventions, so
 * the controller is left out of the OpenAPI document (the CapabilityStatement describes it). Every resource is about a
 * patient in a Part 2 program: clinical roles, or an integrator under a consent that names it (each such read is a
 * disclosure, recorded); every patient whose data a response carries is audited.
 */
@ApiExcludeController()
@Controller('fhir')
@UseFilters(OperationOutcomeFilter)
export class FhirController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  @Get('metadata')
  @Public()
  @Header('Content-Type', FHIR_JSON)
  metadata(@Req() request: FastifyRequest): Record<string, unknown> {
    return capabilityStatement(baseUrl(request));
  }

  /** The definitions of this server's own extensions (the redisclosure notice's), public as the CapabilityStatement. */
  @Get('StructureDefinition/:id')
  @Public()
  @Header('Content-Type', FHIR_JSON)
  definition(@Param('id') id: string): Record<string, unknown> {
    if (id !== NOTICE_EXTENSION_DEFINITION.id) throw new ProblemError(404, `No StructureDefinition/${id} here.`);
    return NOTICE_EXTENSION_DEFINITION;
  }

  @Get(':type/:id/_history/:vid')
  @Roles(...READER_ROLES)
  @Header('Content-Type', FHIR_JSON)
  async vread(
    @Param('type') type: string, @Param('id') id: string, @Param('vid') vid: string, @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply, @CurrentPrincipal() principal: Principal,
  ): Promise<FhirResource> {
    const resourceType = requireType(type);
    requireId(id);
    if (!/^[1-9][0-9]{0,8}$/.test(vid)) throw new ProblemError(404, `${resourceType}/${id} has no version "${vid}".`);
    const reader = readerOf(request, principal, resourceType, 'read');
    return withTenant(this.pool, principal.tenantId, async (client) => {
      const { rows } = await client.query<VersionRow>(
        `SELECT version_id, last_updated, deleted, patient_id, resource FROM fhir_resource_versions
         WHERE tenant_id = $1 AND resource_type = $2 AND id = $3 AND version_id = $4`, [principal.tenantId, resourceType, id, Number(vid)]);
      const version = rows[0];
      if (!version) throw new ProblemError(404, `${resourceType}/${id} has no version ${vid}.`);
      requireWithinGrant(reader.grant, version.patient_id);
      if (version.deleted || !version.resource) throw new ProblemError(410, `${resourceType}/${id} was deleted in version ${vid}.`);
      await this.disclose(client, reader, principal, 'vread', [{ resource_type: resourceType, id, patient_id: version.patient_id, resource: version.resource }], true);
      await this.audit.record({ actor: principal, action: 'read', resource: `fhir/${resourceType}/${id}/_history/${vid}`, patientId: version.patient_id }, client);
      void reply.header('ETag', `W/"${version.version_id}"`).header('Last-Modified', version.last_updated.toUTCString());
      return withNotice(version.resource);
    });
  }

  /** `$everything` (Patient only) and `_history` share the path's shape: one route, so neither shadows the other. */
  @Get(':type/:id/:operation')
  @Roles(...READER_ROLES)
  @Header('Content-Type', FHIR_JSON)
  async instanceOperation(
    @Param('type') type: string, @Param('id') id: string, @Param('operation') operation: string, @Query() query: Record<string, string>,
    @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown> | string> {
    const resourceType = requireType(type);
    if (operation === '_history') return this.history(resourceType, id, query, request, principal);
    if (operation === '$everything' && resourceType === 'Patient') return this.everything(id, query, request, principal);
    throw new ProblemError(404, `${resourceType}/{id}/${operation} is not served here; see /fhir/metadata.`);
  }

  /**
   * The patient's resources (a page of `_count`, every one by default) and, once each, the Practitioners, the
   * Organization and the Locations they refer to (`everything.ts`), all in one statement. The patient's are `match`
   * entries (`total` counts them), the others `include` entries, as a search's `_include` would carry them. A reader
   * gets a referenced resource only as it would by reading it (SMART scopes; for an integrator those types need no
   * consent, being about no patient) and only when a resource it is shown refers to it: what a consent or a scope
   * leaves out of the patient's record brings in nothing (an integrator without the `admission` category gets no
   * care team, so no Practitioner either).
   */
  private async everything(id: string, query: Record<string, string>, request: FastifyRequest, principal: Principal): Promise<string> {
    requireId(id);
    const reader = readerOf(request, principal, 'Patient', 'read');
    requireWithinGrant(reader.grant, id);
    const count = query._count === undefined ? MAX_COUNT * 50 : Number(query._count);
    if (!Number.isInteger(count) || count < 1) throw new ProblemError(400, '_count must be a positive whole number.');
    const values: unknown[] = [principal.tenantId, id, count];
    const served = servedSql((v) => `$${values.push(v)}`);
    const visible = await withTenant(this.pool, principal.tenantId, async (client) => {
      const { rows } = await client.query<Row & { served: string; referrers: string[] | null }>(everythingSql(served), values);
      const own = rows.filter((r) => r.referrers === null);
      if (!own.some((r) => r.resource_type === 'Patient')) throw new ProblemError(404, `Patient/${id} is not known.`);
      // Under SMART scopes, only the types the token may read (the Patient itself was checked above).
      let shown = own.filter((r) => r.resource_type === 'Patient' || allowed(() => grantFor(reader.claims, r.resource_type, 'read')));
      if (reader.recipient) {
        const consents = await consentsInForce(client, reader.recipient.recipient, [id]);
        if (consents.length === 0) throw refuse('Patient', reader.recipient.recipient);
        shown = shown.filter((r) => coveringConsent(consents, id, r.resource_type));
        await this.disclose(client, reader, principal, '$everything', shown, false, consents);
      }
      // As a read of the resource decides (a patient/ scope covers no resource about no patient); for a recipient, only
      // types about no patient, which need no consent (a type with a consent category would need the check above).
      const mayRead = (type: ResourceType) => (!reader.recipient || DISCLOSURE_CATEGORY[type] === undefined)
        && allowed(() => requireWithinGrant(grantFor(reader.claims, type, 'read'), null));
      const included = includedReferences(shown, rows.filter((r): r is typeof r & { referrers: string[] } => r.referrers !== null), mayRead);
      await this.audit.record({ actor: principal, action: 'read', resource: `fhir/Patient/${id}/$everything`, patientId: id, details: { resources: shown.length } }, client);
      return { shown, included };
    });
    // Printed here from the served text of each resource: a large Bundle is mostly its resources.
    const base = baseUrl(request);
    const entry = (r: Row & { served: string }, mode: 'match' | 'include') =>
      `{"fullUrl":${JSON.stringify(`${base}/${r.resource_type}/${r.id}`)},"resource":${r.served},"search":{"mode":"${mode}"}}`;
    const entries = [...visible.shown.map((r) => entry(r, 'match')), ...visible.included.map((r) => entry(r, 'include'))];
    return `{"resourceType":"Bundle","type":"searchset","total":${visible.shown.length},"entry":[${entries.join(',')}]}`;
  }

  /** The instance's versions, newest first, as a `history` Bundle (a deletion is an entry without a resource). */
  private async history(type: ResourceType, id: string, query: Record<string, string>, request: FastifyRequest, principal: Principal): Promise<Record<string, unknown>> {
    requireId(id);
    const reader = readerOf(request, principal, type, 'read');
    const unknown = Object.keys(query).filter((k) => !['_count', '_offset', '_format'].includes(k));
    if (unknown.length) throw new ProblemError(400, `History takes _count and _offset only, not ${unknown.join(', ')}.`);
    const { count, offset } = parseSearch(type, query);
    const base = baseUrl(request);
    return withTenant(this.pool, principal.tenantId, async (client) => {
      const { rows } = await client.query<VersionRow & { total: number }>(
        `SELECT version_id, last_updated, deleted, patient_id, resource, count(*) OVER ()::int AS total FROM fhir_resource_versions
         WHERE tenant_id = $1 AND resource_type = $2 AND id = $3 ORDER BY version_id DESC LIMIT ${count} OFFSET ${offset}`, [principal.tenantId, type, id]);
      if (rows.length === 0 && offset === 0) throw new ProblemError(404, `${type}/${id} is not known.`);
      const total = rows[0]?.total ?? 0;
      for (const r of rows) requireWithinGrant(reader.grant, r.patient_id);
      const patientId = rows[0]?.patient_id ?? null;
      const shown = rows.filter((r) => r.resource).map((r) => ({ resource_type: type, id, patient_id: r.patient_id, resource: r.resource! }));
      await this.disclose(client, reader, principal, '_history', shown, true);
      await this.audit.record({ actor: principal, action: 'read', resource: `fhir/${type}/${id}/_history`, patientId }, client);
      const self = (at: number) => `${base}/${type}/${id}/_history?_count=${count}&_offset=${at}`;
      const link = [{ relation: 'self', url: self(offset) }];
      if (offset + count < total && count > 0) link.push({ relation: 'next', url: self(offset + count) });
      if (offset > 0) link.push({ relation: 'previous', url: self(Math.max(0, offset - count)) });
      return {
        resourceType: 'Bundle',
        type: 'history',
        total,
        link,
        entry: rows.map((r) => ({
          fullUrl: `${base}/${type}/${id}`,
          ...(r.resource && !r.deleted ? { resource: withNotice(r.resource) } : {}),
          request: { method: r.deleted ? 'DELETE' : r.version_id === 1 ? 'POST' : 'PUT', url: r.deleted || r.version_id > 1 ? `${type}/${id}` : type },
          response: {
            status: r.deleted ? '204' : r.version_id === 1 ? '201' : '200',
            etag: `W/"${r.version_id}"`,
            lastModified: r.last_updated.toISOString(),
          },
        })),
      };
    });
  }

  @Get(':type/:id')
  @Roles(...READER_ROLES)
  @Header('Content-Type', FHIR_JSON)
  async read(
    @Param('type') type: string, @Param('id') id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FhirResource> {
    const resourceType = requireType(type);
    requireId(id);
    const reader = readerOf(request, principal, resourceType, 'read');
    return withTenant(this.pool, principal.tenantId, async (client) => {
      const row = (await client.query<Row & { version_id: number; last_updated: Date }>(
        'SELECT resource_type, id, patient_id, resource, version_id, last_updated FROM fhir_resources WHERE tenant_id = $1 AND resource_type = $2 AND id = $3',
        [principal.tenantId, resourceType, id])).rows[0];
      if (!row) {
        const deleted = await client.query(
          'SELECT 1 FROM fhir_resource_versions WHERE tenant_id = $1 AND resource_type = $2 AND id = $3 AND deleted LIMIT 1', [principal.tenantId, resourceType, id]);
        throw deleted.rowCount ? new ProblemError(410, `${resourceType}/${id} was deleted; its versions are at _history.`) : new ProblemError(404, `${resourceType}/${id} is not known.`);
      }
      requireWithinGrant(reader.grant, row.patient_id);
      await this.disclose(client, reader, principal, 'read', [row], true);
      await this.audit.record({ actor: principal, action: 'read', resource: `fhir/${resourceType}/${id}`, patientId: row.patient_id }, client);
      void reply.header('ETag', `W/"${row.version_id}"`).header('Last-Modified', row.last_updated.toUTCString());
      return withNotice(row.resource);
    });
  }

  @Get(':type')
  @Roles(...READER_ROLES)
  @Header('Content-Type', FHIR_JSON)
  async search(@Param('type') type: string, @Query() query: Record<string, string | string[]>, @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal) {
    const resourceType = requireType(type);
    const reader = readerOf(request, principal, resourceType, 'search');
    const search = parseSearch(resourceType, query);
    const values: unknown[] = [principal.tenantId, resourceType, ...search.values];
    // A patient/ scope limits the search to its patient, whatever else the query asks.
    if (reader.grant.patientId !== undefined) {
      if (!UUID.test(reader.grant.patientId)) throw new ProblemError(403, 'The token\'s patient claim is not a patient id.');
      search.where.push(`patient_id = $${values.push(reader.grant.patientId)}::uuid`);
    }
    // A recipient outside the program finds only what a consent in force gives it.
    if (reader.recipient) {
      const category = DISCLOSURE_CATEGORY[resourceType];
      if (category === null) throw refuse(resourceType, reader.recipient.recipient);
      // A type about no patient (Location) needs no consent.
      if (category) search.where.push(`EXISTS (SELECT 1 FROM fhir_consents c WHERE c.tenant_id = fhir_resources.tenant_id AND c.patient_id = fhir_resources.patient_id
        AND c.recipient = $${values.push(reader.recipient.recipient)} AND $${values.push(category)} = ANY(c.information) AND c.revoked_at IS NULL
        AND c.granted_at <= now() AND (c.expires_at IS NULL OR c.expires_at > now()))`);
    }
    const where = ['tenant_id = $1', 'resource_type = $2', ...search.where].join(' AND ');
    const { rows, total } = await withTenant(this.pool, principal.tenantId, async (client) => {
      const found = await client.query<Row>(
        `SELECT resource_type, id, patient_id, resource FROM fhir_resources WHERE ${where} ORDER BY date NULLS FIRST, id LIMIT ${search.count} OFFSET ${search.offset}`, values);
      const counted = await client.query<{ total: number }>(`SELECT count(*)::int AS total FROM fhir_resources WHERE ${where}`, values);
      await this.disclose(client, reader, principal, 'search', found.rows, false);
      for (const patientId of new Set(found.rows.map((r) => r.patient_id))) {
        await this.audit.record({ actor: principal, action: 'list', resource: `fhir/${resourceType}`, patientId }, client);
      }
      return { rows: found.rows, total: counted.rows[0].total };
    });
    const base = baseUrl(request);
    const self = (offset: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (k !== '_offset') for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      params.set('_count', String(search.count));
      params.set('_offset', String(offset));
      return `${base}/${resourceType}?${params}`;
    };
    const links = [{ relation: 'self', url: self(search.offset) }];
    if (search.offset + search.count < total && search.count > 0) links.push({ relation: 'next', url: self(search.offset + search.count) });
    if (search.offset > 0) links.push({ relation: 'previous', url: self(Math.max(0, search.offset - search.count)) });
    return bundle(base, rows.map(withNoticeRow), total, links);
  }

  /**
   * For a recipient outside the program, the disclosure these rows make: each needs a consent in force that names
   * the recipient and covers its type (else 403 when `strict`, a read of one resource; a search already kept to them).
   */
  private async disclose(
    client: PoolClient, reader: Reader, principal: Principal, interaction: FhirInteraction, rows: readonly Row[], strict: boolean, known?: Awaited<ReturnType<typeof consentsInForce>>,
  ): Promise<void> {
    if (!reader.recipient || rows.length === 0) return;
    const { recipient } = reader.recipient;
    const about = rows.filter((r): r is Row & { patient_id: string } => r.patient_id !== null); // a Location is no one's record
    if (about.length === 0) return;
    const consents = known ?? await consentsInForce(client, recipient, [...new Set(about.map((r) => r.patient_id))]);
    const disclosed: Disclosed[] = [];
    for (const r of about) {
      const consent = coveringConsent(consents, r.patient_id, r.resource_type);
      if (!consent) {
        if (strict) throw refuse(r.resource_type, recipient);
        continue;
      }
      disclosed.push({ patientId: r.patient_id, consent, reference: `${r.resource_type}/${r.id}` });
    }
    await recordDisclosures(client, this.audit, this.store, principal, recipient, interaction, disclosed);
  }
}

export interface Reader {
  claims: Record<string, unknown>;
  grant: ScopeGrant;
  recipient?: Recipient;
}

/** The caller's SMART grant for the type and, for an integrator's token, the recipient it speaks for. */
export function readerOf(request: FastifyRequest, principal: Principal, type: ResourceType, interaction: 'read' | 'search'): Reader {
  const claims = claimsOf(request.headers.authorization);
  return { claims, grant: grantFor(claims, type, interaction), recipient: recipientOf(principal, claims) };
}

const withNoticeRow = (r: Row): Row => ({ ...r, resource: withNotice(r.resource) });

function bundle(base: string, rows: Row[], total: number, link: { relation: string; url: string }[]): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    ...(link.length ? { link } : {}),
    entry: rows.map((r) => ({ fullUrl: `${base}/${r.resource_type}/${r.id}`, resource: r.resource, search: { mode: 'match' } })),
  };
}

/** The base URL as the client called it (behind a proxy, its forwarded host and scheme when the platform trusts them). */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.hostname}/fhir`;
}

function allowed(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

export function requireType(type: string): ResourceType {
  if (!isResourceType(type)) throw new ProblemError(404, `The resource type "${type}" is not served here; see /fhir/metadata.`);
  return type;
}

function requireId(id: string): void {
  if (!UUID.test(id)) throw new ProblemError(404, `No resource has the id "${id}".`);
}
