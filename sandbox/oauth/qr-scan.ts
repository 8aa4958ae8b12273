// POST /sandbox/qr/scan: the sandbox's stand-in for a phone scanning a QR and confirming.
// Names the user by email, union_id, user_id or mobile; scans the given QR or the newest
// pending one (optionally of one app). Errors use the admin API's {error:{code,message}}.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import { findUserByRef, tenantOnBrand, userProblem } from './accounts.ts';
import { PATHS } from './paths.ts';
import { TMP_CODE_TTL_MS } from './qr-store.ts';
import type { OAuthState } from './state.ts';

const ScanBody = z.object({
  user: z.string().min(1),
  qr_id: z.string().min(1).optional(),
  app_id: z.string().min(1).optional(),
});

const adminError = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send({ error: { code, message } });

export function registerQrScanControl(
  app: FastifyInstance,
  ctx: SandboxContext,
  state: OAuthState,
): void {
  app.post(
    PATHS.qrScan,
    {
      errorHandler: (error, _req, reply) =>
        adminError(reply, error.statusCode ?? 400, 'invalid_body', error.message),
    },
    (req, reply) => {
      const parsed = ScanBody.safeParse(req.body ?? {});
      if (!parsed.success) {
        return adminError(reply, 400, 'invalid_body', 'expected {user, qr_id?, app_id?}');
      }
      const body = parsed.data;
      const user = findUserByRef(ctx.store, body.user);
      const problem = userProblem(user);
      if (!user || problem === 'gone' || problem === 'resigned') {
        return adminError(reply, 404, 'user_not_found', `no active user ${body.user}`);
      }
      if (problem === 'frozen') return adminError(reply, 409, 'user_frozen', 'the user is frozen');
      if (problem === 'inactive') {
        return adminError(reply, 409, 'user_inactive', 'the user has not activated the account');
      }
      const qr = body.qr_id ? state.qrs.get(body.qr_id) : state.qrs.latestPending(body.app_id);
      if (!qr || (body.app_id && qr.appId !== body.app_id)) {
        return adminError(
          reply,
          404,
          'qr_not_found',
          'no pending QR code (load the QR page first)',
        );
      }
      const status = state.qrs.status(qr);
      if (status === 'expired') return adminError(reply, 409, 'qr_expired', 'the QR code expired');
      if (status === 'scanned') {
        return adminError(reply, 409, 'qr_already_scanned', 'the QR code was already scanned');
      }
      if (!tenantOnBrand(ctx.store, user.tenantKey, qr.brand)) {
        return adminError(reply, 409, 'wrong_brand', `the user has no ${qr.brand} account`);
      }
      const tmpCode = state.qrs.scan(qr, user.key);
      return reply.send({
        qr_id: qr.id,
        app_id: qr.appId,
        brand: qr.brand,
        tmp_code: tmpCode,
        expires_in: TMP_CODE_TTL_MS / 1000,
      });
    },
  );
}
