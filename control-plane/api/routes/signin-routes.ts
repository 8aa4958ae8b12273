// The public sign-in API the desktop client and the browser use: discovery, login
// transactions, the pages that send the browser (or the embedded QR view) to Feishu/Lark, and
// the one Redirect URL Feishu/Lark comes back to. Browser-facing routes answer errors with a
// translated HTML page when a browser asks for HTML, otherwise (and on the JSON routes) with
// the catalog's error body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../shared/domain/errors/index.ts';
import type { SignInServices } from '../../signin/signin-services.ts';
import { errorPage, qrPage, returnPage, sendPage } from '../../signin/signin-pages.ts';
import { localeOf } from '../locale-of.ts';
import { errors } from '../schemas/common.ts';
import {
  callbackQuery,
  createTransactionBody,
  discoveryQuery,
  discoveryResponse,
  transactionParams,
  transactionResponse,
} from '../schemas/signin.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CALLBACK_PATH = '/api/v1/auth/feishu/callback';

/** Browsers navigating ask for HTML; API callers (and tests) get the catalog's JSON body. */
const wantsHtml = (req: FastifyRequest): boolean =>
  (req.headers.accept ?? '').toLowerCase().includes('text/html');

/** Runs a browser-facing step; an AppError becomes the translated error page. */
async function asPage(
  req: FastifyRequest,
  reply: FastifyReply,
  step: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof AppError) || !wantsHtml(req)) throw err;
    if (err.code === 'RATE_LIMITED')
      void reply.header('retry-after', String(err.params.retryAfterSeconds ?? 60));
    return sendPage(reply, errorPage(localeOf(req), err.code, err.params));
  }
}

export const signInRoutes: FastifyPluginAsyncZod<{ signIn: SignInServices }> = async (
  app,
  { signIn },
) => {
  const tags = ['sign-in'];
  const noStore = (reply: FastifyReply) => void reply.header('cache-control', 'no-store');

  app.get(
    '/api/v1/public/discovery',
    {
      schema: {
        tags,
        summary: 'The tenant and its enabled sign-in methods, by enterprise verification ID',
        querystring: discoveryQuery,
        response: { 200: discoveryResponse, ...errors(400, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      noStore(reply);
      return signIn.discover(req.query.enterprise_id, req.ip);
    },
  );

  app.post(
    '/api/v1/public/login/transactions',
    {
      schema: {
        tags,
        summary: 'Start a sign-in: loopback redirect, PKCE challenge, state and device',
        body: createTransactionBody,
        response: { 201: transactionResponse, ...errors(400, 403, 404, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      const txn = await signIn.transactions.create(req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      noStore(reply);
      return reply.status(201).send(txn);
    },
  );

  app.get(
    '/api/v1/public/login/transactions/:transactionId/authorize',
    {
      schema: {
        tags,
        summary: "Redirects the system browser to the brand's authorize page",
        params: transactionParams,
      },
    },
    (req, reply) =>
      asPage(req, reply, async () => {
        if (!UUID.test(req.params.transactionId))
          throw new AppError('SIGNIN_TRANSACTION_NOT_FOUND');
        const location = await signIn.transactions.browserRedirect(req.params.transactionId);
        return reply
          .status(302)
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .header('location', location)
          .send();
      }),
  );

  app.get(
    '/api/v1/public/login/transactions/:transactionId/qr',
    {
      schema: {
        tags,
        summary: 'The QR sign-in page for the embedded view (zh-CN or en)',
        params: transactionParams,
      },
    },
    (req, reply) =>
      asPage(req, reply, async () => {
        if (!UUID.test(req.params.transactionId))
          throw new AppError('SIGNIN_TRANSACTION_NOT_FOUND');
        const input = await signIn.transactions.qrPage(req.params.transactionId, localeOf(req));
        return sendPage(reply, qrPage(input));
      }),
  );

  app.get(
    CALLBACK_PATH,
    {
      schema: {
        tags,
        summary: 'The Redirect URL registered in the Feishu/Lark app (one per deployment)',
        querystring: callbackQuery,
      },
    },
    (req, reply) =>
      asPage(req, reply, async () => {
        const locale = localeOf(req);
        const outcome = await signIn.callback(req.query, { ip: req.ip, locale });
        if (outcome.kind === 'page') throw new AppError(outcome.code, { params: outcome.params });
        if (wantsHtml(req)) return sendPage(reply, returnPage(locale, outcome.location));
        return reply
          .status(302)
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .header('location', outcome.location)
          .send();
      }),
  );
};
