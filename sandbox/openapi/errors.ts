// The Open Platform's error envelope and the codes the sandbox answers with (reference section 7,
// 5.6). Every Open API handler throws OpenApiError; openApiErrorHandler turns it, and fastify's
// own parse errors, into {code, msg, error:{log_id, troubleshooter, ...}} with the real HTTP
// status. Codes whose mapping is a guess are listed under "UNCONFIRMED" in sandbox/README.md.
import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Brand } from '../org/types.ts';

export interface PermissionViolation {
  type: 'action_scope_required' | 'field_scope_required' | 'action_privilege_required';
  subject: string;
}

export interface FieldViolation {
  field: string;
  value?: string;
  description: string;
}

export interface ErrorDetail {
  permissionViolations?: PermissionViolation[];
  fieldViolations?: FieldViolation[];
  helps?: { url: string; description: string }[];
}

export class OpenApiError extends Error {
  readonly code: number;
  readonly status: number;
  readonly detail: ErrorDetail;
  /** Token endpoints answer flat {code, msg} without the error object. */
  readonly flat: boolean;
  constructor(code: number, status: number, msg: string, detail: ErrorDetail = {}, flat = false) {
    super(msg);
    this.code = code;
    this.status = status;
    this.detail = detail;
    this.flat = flat;
  }
}

const err =
  (code: number, status: number, msg: string) =>
  (detail: ErrorDetail = {}): OpenApiError =>
    new OpenApiError(code, status, msg, detail);

/** The catalog: one constructor per platform error the sandbox emits. */
export const E = {
  invalidParam: () => new OpenApiError(10003, 400, 'invalid param', {}, true),
  appSecretInvalid: () => new OpenApiError(10014, 400, 'app secret invalid', {}, true),
  appUnavailable: () => new OpenApiError(10014, 400, 'app is not available', {}, true),
  needToken: err(
    99991661,
    400,
    'Missing access token for authorization. Please make a request with token attached.',
  ),
  invalidToken: err(
    99991663,
    400,
    'Invalid access token for authorization. Please make a request with token attached.',
  ),
  badTokenFormat: err(99991671, 400, 'Invalid token: must start with t-/u-'),
  appStatusUnavailable: err(99991673, 400, 'app status unavailable'),
  rateLimited: err(99991400, 429, 'request trigger frequency limit'),
  fieldValidation: err(99992402, 400, 'field validation failed'),
  paramError: err(40001, 400, 'param error'),
  noDeptAuthority: err(40004, 403, 'no dept authority error'),
  pageSizeTooLarge: err(40009, 400, 'page size more than max value'),
  pageSizeInvalid: err(40011, 400, 'page size is invalid'),
  pageTokenInvalid: err(40012, 400, 'page token is invalid'),
  deptNotExist: err(40015, 400, 'department not exist'),
  userIdInvalid: err(41012, 400, 'user id invalid'),
  noUserAuthority: err(41050, 400, 'no user authority error'),
  tenantInvalid: err(42008, 401, 'tenant id is invalid'),
  appNotFound: err(210501, 400, 'app not found'),
} as const;

const OPEN_HOST: Record<Brand, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

/** 99991672: the app lacks an API (or id-type) scope; lists the scopes that would do. */
export function scopeRequired(
  brand: Brand,
  appId: string,
  anyOf: readonly string[],
  type: PermissionViolation['type'] = 'action_scope_required',
): OpenApiError {
  const list = anyOf.join(', ');
  const url = `${OPEN_HOST[brand]}/app/${appId}/auth?q=${encodeURIComponent(anyOf.join(','))}&op_from=openapi&token_type=tenant`;
  return new OpenApiError(
    99991672,
    400,
    `Access denied. One of the following scopes is required: [${list}].应用尚未开通所需的应用身份权限：[${list}]，点击链接申请并开通任一权限即可：${url}`,
    {
      permissionViolations: anyOf.map((subject) => ({ type, subject })),
      helps: [{ url, description: 'Apply for the scope / 申请并开通权限' }],
    },
  );
}

/** A log id shaped like the platform's: UTC timestamp then random hex. */
export function newLogId(now = new Date()): string {
  const ts = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${ts}${randomBytes(10).toString('hex').toUpperCase()}`;
}

export function errorBody(e: OpenApiError, brand: Brand, logId: string): Record<string, unknown> {
  if (e.flat) return { code: e.code, msg: e.message };
  const error: Record<string, unknown> = {
    log_id: logId,
    troubleshooter: `排查建议查看(Troubleshooting suggestions): ${OPEN_HOST[brand]}/search?from=openapi&log_id=${logId}&code=${e.code}`,
  };
  if (e.detail.permissionViolations) error.permission_violations = e.detail.permissionViolations;
  if (e.detail.fieldViolations) error.field_violations = e.detail.fieldViolations;
  if (e.detail.helps) error.helps = e.detail.helps;
  return { code: e.code, msg: e.message, error };
}

export function sendOpenApiError(reply: FastifyReply, e: OpenApiError, brand: Brand) {
  const logId = newLogId();
  return reply
    .code(e.status)
    .header('x-tt-logid', logId)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(e, brand, logId));
}

/** Route-level fastify error handler for the Open APIs of one brand. */
export function openApiErrorHandler(brand: Brand, onParseError: () => OpenApiError) {
  return (error: FastifyError | OpenApiError, _req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof OpenApiError) return sendOpenApiError(reply, error, brand);
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendOpenApiError(reply, onParseError(), brand);
    }
    return sendOpenApiError(
      reply,
      new OpenApiError(40003, 500, `internal error: ${error.message}`),
      brand,
    );
  };
}

/** The success envelope of data-wrapped APIs. */
export function success(data: unknown): { code: 0; msg: 'success'; data: unknown } {
  return { code: 0, msg: 'success', data };
}
