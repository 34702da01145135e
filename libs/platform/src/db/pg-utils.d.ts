/** `pg`'s own conversion of a query parameter to the text it sends (exported as `pg/lib/utils`, untyped upstream). */
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): string | Buffer | null | undefined;
}
