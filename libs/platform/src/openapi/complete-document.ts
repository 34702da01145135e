import type { Type } from '@nestjs/common';
import type {
  OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject,
} from '@nestjs/swagger';
import { MAX_PARAM_LENGTH } from '../http/limits';
import { PROBLEM_CONTENT_TYPE } from '../http/problem';
import type { RouteFacts } from './route-facts';
import { propertyRules } from './validation-schema';

/**
 * Completes what @nestjs/swagger built from the decorators with what the platform itself does to every request
 * (docs/CONTRACTS.md, "HTTP conventions"), so that each operation documents every answer it can give and no other:
 *
 * - path parameters parsed by `ParseUUIDPipe` / `ParseIntPipe` are `format: uuid` / `integer` (anything else: 400);
 * - bodies and queries carry the bounds, enums, patterns and formats their class-validator DTOs enforce, and bodies
 *   no other properties (the validation pipe refuses unknown ones);
 * - `If-Match` (read by the handler) and `Idempotency-Key` (every POST) are documented with their syntax;
 * - every error is `application/problem+json` (RFC 9457, `#/components/schemas/Problem`): 400 for invalid input,
 *   401 without a valid token, 403 for roles the route does not allow, 404 where a path id names a resource, 409 for
 *   a concurrent change or a stale If-Match or an Idempotency-Key whose first answer was lost, 413 and 415 for a
 *   body too large or not JSON, 414 for an over-long path parameter, 422 for an Idempotency-Key reused with another request, 503 when the database is
 *   unavailable. A route that can give another one (a 404 for an id in its body, a 409 for a state it refuses, a 403
 *   by a rule of the resource) says so with the usual `@ApiNotFoundResponse()`-style decorator; it gets the
 *   problem+json body here.
 *
 * With the rate limit on (HTTP_RATE_LIMIT), every route that takes a token may also answer 429 with Retry-After. Nothing
 * answers 412 or 428: a stale If-Match is a 409, and If-Match is optional.
 */
export function completeDocument(doc: OpenAPIObject, facts: Map<string, RouteFacts>, platform: PlatformAnswers): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA } };
  const described = new Set<Type<unknown>>();
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      const route = op?.operationId ? facts.get(op.operationId) : undefined;
      if (!op || !route) continue;
      documentParameters(op, route, method);
      if (route.queryDto) documentQuery(op, route.queryDto);
      if (route.bodyDto) documentBody(doc, route.bodyDto, described);
      documentResponses(op, route, method, platform);
      if (route.isPublic) op.security = [];
    }
  }
  return doc;
}

/** What the platform does to every request, as this service is configured. */
export interface PlatformAnswers {
  /** Callers are rate limited (429 past the limit). */
  rateLimited: boolean;
}

const FIELD_ERROR: SchemaObject = {
  type: 'object',
  required: ['path', 'message'],
  properties: {
    path: { type: 'string', description: 'The field, parameter or header, e.g. `ratings.d1` or `cursor`.' },
    message: { type: 'string' },
  },
};

/** RFC 9457 problem details (libs/platform/src/http/problem.ts): the one error shape of every service. */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'What went wrong, stable per kind of error, e.g. https://iop.example/problems/validation.' },
    title: { type: 'string', description: 'A short summary of the type.' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'What went wrong with this request, for a person to read.' },
    instance: { type: 'string', description: 'The path of the request.' },
    errors: { type: 'array', items: FIELD_ERROR, description: 'Each failing field, for 400s from validation.' },
  },
};

/** `If-Match` as `parseIfMatch` (libs/platform/src/http/etag.ts) accepts it; anything else is a 400. */
const IF_MATCH_SCHEMA: SchemaObject = { type: 'string', pattern: '^\\s*(\\*|(W/)?"?[0-9]{1,9}"?)\\s*$', example: '"3"' };
/** As the idempotency interceptor accepts it: 1-255 visible ASCII characters. */
const IDEMPOTENCY_KEY_SCHEMA: SchemaObject = { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$', example: '9f1c2b7e-5d1a-4f7e-9a57-3c1d2e4f5a6b' };

const isParameter = (p: ParameterObject | ReferenceObject): p is ParameterObject => 'in' in p;

function documentParameters(op: OperationObject, route: RouteFacts, method: string): void {
  const params = (op.parameters ??= []).filter(isParameter);
  for (const p of params) {
    const kind = p.in === 'path' ? route.pathParams.get(p.name) : undefined;
    if (kind === 'uuid') p.schema = { type: 'string', format: 'uuid' };
    else if (kind === 'integer') p.schema = { type: 'integer' };
  }
  const header = (name: string) => params.find((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
  if (route.headers.has('if-match')) {
    const ifMatch = header('If-Match') ?? pushed(op, { name: 'If-Match', in: 'header', required: false, description: 'The ETag the resource was read with: refused with 409 if it changed since.' });
    ifMatch.schema = IF_MATCH_SCHEMA;
  }
  if (method === 'post' && !route.isPublic) {
    const key = header('Idempotency-Key') ?? pushed(op, {
      name: 'Idempotency-Key', in: 'header', required: false,
      description: 'Makes a retry safe: the same key with the same request replays the first answer (`Idempotent-Replayed: true`), waiting for it while the first still runs; with another request it is a 422.',
    });
    key.schema = IDEMPOTENCY_KEY_SCHEMA;
  }
}

function pushed(op: OperationObject, p: ParameterObject): ParameterObject {
  op.parameters!.push(p);
  return p;
}

function documentQuery(op: OperationObject, dto: Type<unknown>): void {
  const params = (op.parameters ?? []).filter(isParameter).filter((p) => p.in === 'query');
  for (const [name, rule] of propertyRules(dto)) {
    const param = params.find((p) => p.name === name) ?? pushed(op, { name, in: 'query' });
    param.required = rule.required;
    param.schema = merged((param.schema ?? {}) as SchemaObject, rule.schema);
  }
}

const refName = (s: SchemaObject | ReferenceObject | undefined): string | undefined =>
  s && '$ref' in s ? s.$ref.split('/').pop() : s && 'allOf' in s && s.allOf?.length === 1 ? refName(s.allOf[0]) : undefined;

/** The body's component schema (and those of its nested DTOs) as the validation pipe enforces it. */
function documentBody(doc: OpenAPIObject, dto: Type<unknown>, described: Set<Type<unknown>>): void {
  if (described.has(dto)) return;
  described.add(dto);
  const schema = doc.components?.schemas?.[dto.name] as SchemaObject | undefined;
  if (!schema) return;
  const properties = (schema.properties ??= {});
  const required: string[] = [];
  for (const [name, rule] of propertyRules(dto)) {
    const current = properties[name];
    if (rule.nested) {
      documentBody(doc, rule.nested, described);
      // A list of nested objects: its size rules apply to the array around the nested schema.
      const { type: _type, items: _items, ...arrayRules } = rule.schema;
      if (current && 'items' in current) Object.assign(current, arrayRules);
      // A reference cannot carry `nullable` beside it (OpenAPI 3.0): it is wrapped.
      if (current && rule.nullable) properties[name] = '$ref' in current ? { allOf: [current], nullable: true } : { ...current, nullable: true };
    } else if (!current || !refName(current)) {
      properties[name] = merged((current ?? {}) as SchemaObject, { ...rule.schema, ...(rule.nullable ? { nullable: true } : {}) });
    }
    if (rule.required) required.push(name);
  }
  schema.required = required;
  if (!schema.required.length) delete schema.required;
  // The validation pipe refuses any property its DTO does not declare (whitelist, forbidNonWhitelisted).
  schema.additionalProperties = false;
}

/** The documented schema with the enforced rules over it: where the two disagree, the validators are right. */
function merged(documented: SchemaObject, enforced: SchemaObject): SchemaObject {
  const out: SchemaObject = { ...documented, ...enforced };
  if (enforced.type && enforced.type !== 'array') delete out.items;
  if (documented.items && enforced.items && !refName(documented.items)) out.items = { ...(documented.items as SchemaObject), ...(enforced.items as SchemaObject) };
  else if (documented.items && !enforced.items) out.items = documented.items;
  // An enum says everything a type would: keep the type that matches its values only.
  if (out.enum && out.type === 'array') delete out.enum;
  return out;
}

function problemResponse(description: string, headers?: ResponseObject['headers']): ResponseObject {
  return { description, ...(headers ? { headers } : {}), content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function documentResponses(op: OperationObject, route: RouteFacts, method: string, platform: PlatformAnswers): void {
  const responses = op.responses;
  const write = method !== 'get';
  if (!Object.keys(responses).some((s) => s.startsWith('2'))) {
    const status = route.httpCode ?? (method === 'post' ? 201 : 200);
    responses[status] = { description: status === 204 ? 'Done; no content.' : 'Done.' };
  }
  const hasInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
  const add = (status: number, description: string, headers?: ResponseObject['headers']) => {
    const existing = responses[status] as ResponseObject | undefined;
    responses[status] = problemResponse(existing?.description || description, headers);
  };
  if (hasInput) add(400, 'The request is not valid: a parameter, header or body field (`errors` lists each one) or malformed JSON.');
  if (!route.isPublic) {
    add(401, 'No valid bearer token (missing, expired, or not signed by the identity provider).', {
      'WWW-Authenticate': { description: '`Bearer`', required: true, schema: { type: 'string' } },
    });
  }
  if (route.roles) add(403, `The token has none of the roles this needs: ${route.roles.join(', ')}.`);
  // An id in the path names a resource that may not exist (or belong to another tenant, which is the same to the
  // caller). A path parameter of another kind (a staff subject, a date...) says so itself where it can be unknown.
  if ([...route.pathParams.values()].some((kind) => kind !== 'string')) add(404, 'Nothing with this id for the caller\'s tenant.');
  if (method === 'post' || route.headers.has('if-match')) {
    add(409, 'A concurrent change, or a stale If-Match, or the resource\'s state refuses it, or the first request with this Idempotency-Key changed something but its answer was lost (read the resource); nothing was changed.');
  }
  if (route.pathParams.size > 0) add(414, `A path parameter is longer than ${MAX_PARAM_LENGTH} characters.`);
  if (write) {
    add(413, 'The body is larger than the service accepts.');
    add(415, 'The body is not JSON (`Content-Type: application/json`).');
  }
  if (method === 'post' && !route.isPublic) add(422, 'This Idempotency-Key was used with a different request.');
  // The limit counts per verified caller: a route without a token is never limited.
  if (platform.rateLimited && !route.isPublic) {
    add(429, 'Too many requests from this caller (token) in the current window; nothing was changed.', {
      'Retry-After': { description: 'Seconds until the window lets the caller in again.', required: true, schema: { type: 'integer' } },
    });
  }
  add(503, 'The service is overloaded or its database is unavailable; nothing was changed. Retry after a moment.', {
    'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
  });
  // Whatever else a route declares with @ApiXxxResponse (a 404 for an id in its body...) is problem+json too.
  for (const [status, response] of Object.entries(responses)) {
    if (response && Number(status) >= 400 && !('$ref' in response) && !response.content) responses[status] = problemResponse(response.description);
  }
}
