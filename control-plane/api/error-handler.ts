// Every failure becomes a catalog answer: {"error":{"code","message","messages","fix"?,"details"?}}
// in the caller's language. Bad input of any kind (shape, JSON, media type, size, a value the
// database rejects) is a 4xx; only a fault of ours is a 500, logged without request data.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  errorBody,
  type ErrorCode,
  type ErrorParams,
} from '../../shared/domain/errors/index.ts';
import { isDataError, uniqueViolation } from '../storage/db-errors.ts';
import { localeOf } from './locale-of.ts';
import { RequestValidationError, type FieldProblem } from './validation.ts';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST_BODY_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST_MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST_MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST_INVALID',
  FST_ERR_CTP_INVALID_TYPE: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CHARSET: 'REQUEST_UNSUPPORTED_MEDIA_TYPE',
};

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  code: ErrorCode,
  status: number,
  params: ErrorParams = {},
  details?: unknown,
) {
  if (code === 'RATE_LIMITED' || code === 'AUTH_ACCOUNT_LOCKED') {
    const retry = params.retryAfterSeconds;
    if (retry !== undefined) void reply.header('retry-after', String(retry));
  }
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send(errorBody(code, localeOf(req), params, details));
}

function validationDetails(err: RequestValidationError, req: FastifyRequest) {
  const locale = localeOf(req);
  const fields: (Omit<FieldProblem, 'messages'> & { message: string })[] = err.problems.map(
    (p) => ({
      in: err.validationContext ?? 'body',
      path: p.path,
      code: p.code,
      message: p.messages[locale],
    }),
  );
  return { fields };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ code: err.code }, 'request failed');
      return send(reply, req, err.code, err.status, err.params, err.details);
    }
    if (err instanceof RequestValidationError) {
      return send(reply, req, 'REQUEST_VALIDATION_FAILED', 400, {}, validationDetails(err, req));
    }
    const fst = err as FastifyError;
    if (fst.code && FASTIFY_CODES[fst.code]) {
      const code = FASTIFY_CODES[fst.code]!;
      return send(
        reply,
        req,
        code,
        code === 'REQUEST_BODY_TOO_LARGE'
          ? 413
          : code === 'REQUEST_UNSUPPORTED_MEDIA_TYPE'
            ? 415
            : 400,
      );
    }
    // JSON.parse failures and prototype-poisoning rejections surface as 400 SyntaxErrors.
    if (
      err instanceof SyntaxError ||
      (typeof fst.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500)
    ) {
      if (fst.statusCode === 429)
        return send(reply, req, 'RATE_LIMITED', 429, { retryAfterSeconds: 60 });
      if (fst.statusCode === 413) return send(reply, req, 'REQUEST_BODY_TOO_LARGE', 413);
      if (fst.statusCode === 415) return send(reply, req, 'REQUEST_UNSUPPORTED_MEDIA_TYPE', 415);
      return send(
        reply,
        req,
        err instanceof SyntaxError ? 'REQUEST_MALFORMED_BODY' : 'REQUEST_INVALID',
        400,
      );
    }
    // Last line of defence: a value the database refuses is still the caller's bad input.
    if (uniqueViolation(err) !== undefined) return send(reply, req, 'RESOURCE_CONFLICT', 409);
    if (isDataError(err)) return send(reply, req, 'REQUEST_INVALID', 400);
    // Log only what identifies the fault: database errors carry the query's parameters.
    req.log.error(
      { err: { type: err.name, message: err.message, code: fst.code, stack: err.stack } },
      'unhandled error',
    );
    return send(reply, req, 'INTERNAL_ERROR', 500, { requestId: String(req.id) });
  });

  app.setNotFoundHandler((req, reply) => send(reply, req, 'ROUTE_NOT_FOUND', 404));
}
