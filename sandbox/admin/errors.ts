// Errors of the admin API: always {"error":{"code","message"}} with a 4xx for anything a caller
// can send (bad JSON, bad fields, unknown ids, conflicts). Only a bug in the sandbox is a 500.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { SandboxError } from '../org/org-store.ts';

export class AdminError extends SandboxError {}

export const badRequest = (message: string, code = 'invalid_request') =>
  new AdminError(400, code, message);
export const notFound = (code: string, message: string) => new AdminError(404, code, message);
export const conflict = (code: string, message: string) => new AdminError(409, code, message);

const pathOf = (path: readonly PropertyKey[]) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');

/** Parses untrusted input; a failure names the field: "departments[1]: expected string". */
export function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${what}.${pathOf(issue.path)}` : what;
  throw badRequest(`${where}: ${issue?.message ?? 'invalid'}`);
}

export function installErrorHandlers(scope: FastifyInstance): void {
  scope.setErrorHandler((err: FastifyError | SandboxError | Error, _req, reply) => {
    if (err instanceof SandboxError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message } });
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 415
          ? 'unsupported_media_type'
          : status === 413
            ? 'body_too_large'
            : 'invalid_request';
      return reply.status(status).send({ error: { code, message: err.message } });
    }
    scope.log.error({ err }, 'sandbox admin API bug');
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: 'sandbox admin API bug' } });
  });
  scope.setNotFoundHandler((req, reply) =>
    reply.status(404).send({
      error: { code: 'route_not_found', message: `no admin route ${req.method} ${req.url}` },
    }),
  );
}
