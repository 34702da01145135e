import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ParseIntPipe, ParseUUIDPipe, type PipeTransform, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { PUBLIC_KEY, ROLES_KEY, type Role } from '../auth/roles';

/**
 * What the code of a route says about its requests and answers, read from the same Nest metadata the router and
 * the guard act on, so the OpenAPI document can be completed from it rather than from a hand-kept copy.
 */
export interface RouteFacts {
  /** No token needed (@Public). */
  isPublic: boolean;
  /** @Roles of the handler, else of its controller: the guard's 403 for every other role. */
  roles: Role[] | undefined;
  /** Path parameters and the pipe that parses each one (400 when it refuses). */
  pathParams: Map<string, 'uuid' | 'integer' | 'string'>;
  /** The DTO class of `@Query()` (the whole query), if any. */
  queryDto: Type<unknown> | undefined;
  /** The DTO class of `@Body()`, if any. */
  bodyDto: Type<unknown> | undefined;
  /** Request headers the handler reads (`@Headers('if-match')`), lower case. */
  headers: Set<string>;
  /** @HttpCode, if set. */
  httpCode: number | undefined;
}

type ArgMetadata = { index: number; data?: unknown; pipes?: (PipeTransform | Type<PipeTransform>)[] };

const isPipe = (pipe: PipeTransform | Type<PipeTransform>, kind: Type<PipeTransform>) => pipe === kind || pipe instanceof kind;

function pathParamKind(pipes: ArgMetadata['pipes']): 'uuid' | 'integer' | 'string' {
  if (pipes?.some((p) => isPipe(p, ParseUUIDPipe))) return 'uuid';
  if (pipes?.some((p) => isPipe(p, ParseIntPipe))) return 'integer';
  return 'string';
}

/** RouteFacts of every route of the app, keyed by the operationId @nestjs/swagger gives it (`Controller_method`). */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller || typeof controller !== 'function') continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        facts.set(`${controller.name}_${name}`, factsOf(controller, name, handler));
      }
    }
  }
  return facts;
}

function factsOf(controller: Type<unknown>, name: string, handler: object): RouteFacts {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, ArgMetadata>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as (Type<unknown> | undefined)[];
  const facts: RouteFacts = {
    isPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
    roles: (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)) as Role[] | undefined,
    pathParams: new Map(),
    queryDto: undefined,
    bodyDto: undefined,
    headers: new Set(),
    httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
  };
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const dto = types[arg.index];
    if (kind === RouteParamtypes.PARAM && typeof arg.data === 'string') facts.pathParams.set(arg.data, pathParamKind(arg.pipes));
    else if (kind === RouteParamtypes.QUERY && arg.data === undefined && isDto(dto)) facts.queryDto = dto;
    else if (kind === RouteParamtypes.BODY && arg.data === undefined && isDto(dto)) facts.bodyDto = dto;
    else if (kind === RouteParamtypes.HEADERS && typeof arg.data === 'string') facts.headers.add(arg.data.toLowerCase());
  }
  return facts;
}

/** A class of the app's own (not `Object`, `String`...): one whose properties class-validator may describe. */
const isDto = (type: unknown): type is Type<unknown> =>
  typeof type === 'function' && ![Object, String, Number, Boolean, Array].includes(type as never);
