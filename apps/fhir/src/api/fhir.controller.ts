import { Controller, Get, Header, Inject, Param, Query, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Public, Roles, withTenant } from '@iop/platform';
import { type FhirResource, isResourceType, type ResourceType } from '../resources/fhir-resources';
import { capabilityStatement } from './capability-statement';
import { FHIR_JSON, OperationOutcomeFilter } from './operation-outcome.filter';
import { MAX_COUNT, parseSearch } from './search';
import { claimsOf, grantFor, requireWithinGrant } from './smart-scopes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Row = { resource_type: ResourceType; id: string; patient_id: string; resource: FhirResource };

/**
 * FHIR R4 REST at `/fhir` (read-only): read, search with a searchset Bundle and paging links, Patient/$everything
 * and the CapabilityStatement. Its own shapes are FHIR's, not the platform's OpenAPI conventions, so the controller is
 * left out of the OpenAPI document (the CapabilityStatement describes it). Every resource is about a patient in a Part 2
 * program: clinical roles only, and each patient whose data a response carries is audited.
 */
@ApiExcludeController()
@Controller('fhir')
@UseFilters(OperationOutcomeFilter)
export class FhirController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get('metadata')
  @Public()
  @Header('Content-Type', FHIR_JSON)
  metadata(@Req() request: FastifyRequest): Record<string, unknown> {
    return capabilityStatement(baseUrl(request));
  }

  @Get('Patient/:id/$everything')
  @Roles(...CLINICAL_ROLES)
  @Header('Content-Type', FHIR_JSON)
  async everything(@Param('id') id: string, @Query() query: Record<string, string>, @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal) {
    requireId(id);
    const claims = claimsOf(request.headers.authorization);
    requireWithinGrant(grantFor(claims, 'Patient', 'read'), id);
    const count = query._count === undefined ? MAX_COUNT * 50 : Number(query._count);
    if (!Number.isInteger(count) || count < 1) throw new ProblemError(400, '_count must be a positive whole number.');
    const rows = await withTenant(this.pool, principal.tenantId, async (client) => (await client.query<Row>(
      `SELECT resource_type, id, patient_id, resource FROM fhir_resources WHERE tenant_id = $1 AND patient_id = $2
       ORDER BY resource_type <> 'Patient', resource_type, date NULLS FIRST, id LIMIT $3`, [principal.tenantId, id, count])).rows);
    if (!rows.some((r) => r.resource_type === 'Patient')) throw new ProblemError(404, `Patient/${id} is not known.`);
    // Under SMART scopes, only the types the token may read (the Patient itself was checked above).
    const visible = rows.filter((r) => r.resource_type === 'Patient' || allowed(() => grantFor(claims, r.resource_type, 'read')));
    await this.audit.record({ actor: principal, action: 'read', resource: `fhir/Patient/${id}/$everything`, patientId: id, details: { resources: visible.length } });
    return bundle(baseUrl(request), visible, visible.length, []);
  }

  @Get(':type/:id')
  @Roles(...CLINICAL_ROLES)
  @Header('Content-Type', FHIR_JSON)
  async read(@Param('type') type: string, @Param('id') id: string, @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal): Promise<FhirResource> {
    const resourceType = requireType(type);
    requireId(id);
    const grant = grantFor(claimsOf(request.headers.authorization), resourceType, 'read');
    const row = await withTenant(this.pool, principal.tenantId, async (client) => (await client.query<Row>(
      'SELECT resource_type, id, patient_id, resource FROM fhir_resources WHERE tenant_id = $1 AND resource_type = $2 AND id = $3',
      [principal.tenantId, resourceType, id])).rows[0]);
    if (!row) throw new ProblemError(404, `${resourceType}/${id} is not known.`);
    requireWithinGrant(grant, row.patient_id);
    await this.audit.record({ actor: principal, action: 'read', resource: `fhir/${resourceType}/${id}`, patientId: row.patient_id });
    return row.resource;
  }

  @Get(':type')
  @Roles(...CLINICAL_ROLES)
  @Header('Content-Type', FHIR_JSON)
  async search(@Param('type') type: string, @Query() query: Record<string, string | string[]>, @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal) {
    const resourceType = requireType(type);
    const grant = grantFor(claimsOf(request.headers.authorization), resourceType, 'search');
    const search = parseSearch(resourceType, query);
    const values: unknown[] = [principal.tenantId, resourceType, ...search.values];
    // A patient/ scope limits the search to its patient, whatever else the query asks.
    if (grant.patientId !== undefined) {
      if (!UUID.test(grant.patientId)) throw new ProblemError(403, 'The token\'s patient claim is not a patient id.');
      search.where.push(`patient_id = $${values.push(grant.patientId)}::uuid`);
    }
    const where = ['tenant_id = $1', 'resource_type = $2', ...search.where].join(' AND ');
    const { rows, total } = await withTenant(this.pool, principal.tenantId, async (client) => {
      const found = await client.query<Row>(
        `SELECT resource_type, id, patient_id, resource FROM fhir_resources WHERE ${where} ORDER BY date NULLS FIRST, id LIMIT ${search.count} OFFSET ${search.offset}`, values);
      const counted = await client.query<{ total: number }>(`SELECT count(*)::int AS total FROM fhir_resources WHERE ${where}`, values);
      return { rows: found.rows, total: counted.rows[0].total };
    });
    for (const patientId of new Set(rows.map((r) => r.patient_id))) {
      await this.audit.record({ actor: principal, action: 'list', resource: `fhir/${resourceType}`, patientId });
    }
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
    return bundle(base, rows, total, links);
  }
}

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
function baseUrl(request: FastifyRequest): string {
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

function requireType(type: string): ResourceType {
  if (!isResourceType(type)) throw new ProblemError(404, `The resource type "${type}" is not served here; see /fhir/metadata.`);
  return type;
}

function requireId(id: string): void {
  if (!UUID.test(id)) throw new ProblemError(404, `No resource has the id "${id}".`);
}
