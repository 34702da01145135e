/**
 * The one error type domain code throws (docs/ARCHITECTURE.md, "Conventions"): pure, no framework. The HTTP layer maps `kind` to a status
 * and renders problem+json; consumers treat `invalid` as poison and the rest as retryable or final per kind.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict' | 'forbidden';

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly errors: FieldError[] = [],
    /** A stable, documented problem type slug, e.g. `episode-already-discharged`. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, errors: FieldError[] = [], code?: string) => new DomainError('invalid', message, errors, code);
export const notFound = (message: string, code?: string) => new DomainError('not-found', message, [], code);
export const conflict = (message: string, code?: string) => new DomainError('conflict', message, [], code);
export const forbidden = (message: string, code?: string) => new DomainError('forbidden', message, [], code);
