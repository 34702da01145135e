/**
 * RFC 9457 problem details, the one error shape of every service (docs/CONTRACTS.md, "HTTP conventions").
 */
import type { FieldError } from '@iop/decider';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_BASE = 'https://iop.example/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'The request is not valid'],
  401: ['unauthorized', 'Authentication is required'],
  403: ['forbidden', 'Your role may not do this'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'The request conflicts with the current state'],
  412: ['precondition-failed', 'The resource changed since you read it'],
  413: ['payload-too-large', 'The request body is too large'],
  414: ['uri-too-long', 'The request URI is too long'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'The request cannot be processed'],
  428: ['precondition-required', 'A precondition header is required'],
  429: ['too-many-requests', 'Too many requests'],
  500: ['internal', 'Something went wrong on our side'],
  503: ['unavailable', 'The service is not ready'],
};

/** An error that renders as the given problem; thrown by the platform and by controllers. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors?: FieldError[],
    readonly code?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

export function problem(status: number, detail?: string, errors?: FieldError[], code?: string): Problem {
  const [slug, title] = TITLES[status] ?? (status >= 500 ? TITLES[500] : TITLES[400]);
  return {
    type: PROBLEM_BASE + (code ?? slug),
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length ? { errors } : {}),
  };
}
