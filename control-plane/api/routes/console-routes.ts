// Serves the admin console built by `npm run build` (vite.console.config.ts -> out/console):
// hashed assets with a year-long cache, index.html for every other /console/ path (the console
// routes in the browser) never cached, and `/` sends people to it. Every page carries a strict
// CSP: scripts only from here, styles from here or with this answer's nonce (the component
// library generates its styles at run time and tags them with the nonce), no framing.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { pickLocale } from '../../../shared/domain/locale.ts';

/** Where `npm run build` puts the console: out/console at the package root. */
export const DEFAULT_CONSOLE_DIR = resolve(import.meta.dirname, '..', '..', '..', 'out', 'console');

const NONCE_PLACEHOLDER = '__CSP_NONCE__';
/** Vite's asset names: letters, digits, "-", "_" and dots, no path. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
  ico: 'image/x-icon',
  json: 'application/json',
};

export const consoleCsp = (nonce: string): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

const MISSING_TEXT = {
  en: {
    title: 'The admin console is not built',
    body: 'This control plane has no built console. Run npm run build on the server (or set GATEHOUSE_CONSOLE_DIR to where the console was built), then reload this page.',
  },
  'zh-CN': {
    title: '管理控制台尚未构建',
    body: '此控制面没有已构建的控制台。请在服务器上运行 npm run build（或将 GATEHOUSE_CONSOLE_DIR 设为控制台的构建目录），然后刷新此页面。',
  },
} as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function securityHeaders(reply: FastifyReply, nonce: string): FastifyReply {
  return reply
    .header('content-security-policy', consoleCsp(nonce))
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer');
}

export const consoleRoutes: FastifyPluginAsync<{ dir?: string }> = async (app, opts) => {
  const dir = resolve(opts.dir ?? DEFAULT_CONSOLE_DIR);
  const assets = join(dir, 'assets');
  const hide = { schema: { hide: true } };

  app.get('/', hide, async (_req, reply) => reply.redirect('/console/', 302));
  app.get('/console', hide, async (_req, reply) => reply.redirect('/console/', 301));

  app.get<{ Params: { file: string } }>('/console/assets/:file', hide, async (req, reply) => {
    const { file } = req.params;
    const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)];
    const body =
      ASSET_NAME.test(file) && type ? await readFile(join(assets, file)).catch(() => null) : null;
    if (!body) return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .type(type!)
      .send(body);
  });

  // Every other /console/ path is a console page: the browser-side router draws it.
  app.get('/console/*', hide, async (req, reply) => {
    const nonce = randomBytes(16).toString('base64');
    securityHeaders(reply, nonce).header('cache-control', 'no-cache');
    const index = await readFile(join(dir, 'index.html'), 'utf8').catch(() => null);
    if (index === null) {
      const language = pickLocale(req.headers['accept-language']);
      const text = MISSING_TEXT[language];
      return reply
        .status(503)
        .header('retry-after', '60')
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(text.title)}</title></head>` +
            `<body><main><h1>${escapeHtml(text.title)}</h1><p>${escapeHtml(text.body)}</p></main></body></html>`,
        );
    }
    return reply.type('text/html; charset=utf-8').send(index.replaceAll(NONCE_PLACEHOLDER, nonce));
  });
};
