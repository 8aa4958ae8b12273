// Postgres error codes both engines report (PGlite and pg expose the same fields).
export interface PgErrorLike {
  code?: string;
  constraint?: string;
}

const asPg = (err: unknown): PgErrorLike =>
  err && typeof err === 'object' ? (err as PgErrorLike) : {};

/** The violated unique constraint or index name, or undefined if err is something else. */
export function uniqueViolation(err: unknown): string | undefined {
  const e = asPg(err);
  return e.code === '23505' ? (e.constraint ?? '') : undefined;
}

/** Classes of errors caused by the data sent rather than by the server (22: data exception,
 *  23: integrity constraint violation). */
export function isDataError(err: unknown): boolean {
  const code = asPg(err).code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}
