// `npm run sandbox -- ...`: starts the Feishu/Lark sandbox, or (`admin ...`) changes a running
// one. With --json it prints exactly one JSON line when ready (url, brands, apps with secrets,
// sample sign-in accounts) for scripts and tests; otherwise a short how-to. Bad flags exit 2.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { adminUsage, parseAdminArgs, sendAdmin, UsageError } from './admin/cli-commands.ts';
import { OrgFileError } from './org/org-file.ts';
import { isOrgPreset } from './org/generator-presets.ts';
import { buildSandbox, type Sandbox } from './server.ts';

const USAGE = `usage: npm run sandbox -- [--port N] [--host H] [--org tiny|small|medium|large|FILE]
         [--json] [--seed S] [--no-rate-limits] [--retry-scale X] [--duplicate-rate P]
         [--redirect-url URL ...] [--password P] [--seeded-secrets]
       npm run sandbox -- admin --url URL <command> ...   (npm run sandbox -- admin --help)`;

export interface ServeConfig {
  port: number;
  host: string;
  org: string;
  json: boolean;
  seed: number;
  rateLimits: boolean;
  retryScale: number;
  duplicateRate: number;
  redirectUrls: string[];
  password?: string;
  seededSecrets: boolean;
}

const number = (value: string, flag: string, ok: (n: number) => boolean, rule: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) {
    throw new UsageError(`${flag} ${rule}, got "${value}"`);
  }
  return n;
};

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

export function parseServeArgs(argv: string[]): ServeConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        org: { type: 'string', default: 'small' },
        json: { type: 'boolean', default: false },
        seed: { type: 'string', default: '1' },
        'no-rate-limits': { type: 'boolean', default: false },
        'retry-scale': { type: 'string', default: '1' },
        'duplicate-rate': { type: 'string', default: '0.02' },
        'redirect-url': { type: 'string', multiple: true, default: [] },
        password: { type: 'string' },
        'seeded-secrets': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  for (const url of values['redirect-url']) {
    if (!isHttpUrl(url))
      throw new UsageError(`--redirect-url must be an http(s) URL, got "${url}"`);
  }
  return {
    port: number(
      values.port,
      '--port',
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      'must be 0-65535',
    ),
    host: values.host,
    org: values.org,
    json: values.json,
    seed: number(values.seed, '--seed', Number.isSafeInteger, 'must be an integer'),
    rateLimits: !values['no-rate-limits'],
    retryScale: number(
      values['retry-scale'],
      '--retry-scale',
      (n) => n > 0,
      'must be a number > 0',
    ),
    duplicateRate: number(
      values['duplicate-rate'],
      '--duplicate-rate',
      (n) => n >= 0 && n <= 1,
      'must be 0..1',
    ),
    redirectUrls: values['redirect-url'],
    password: values.password,
    seededSecrets: values['seeded-secrets'],
  };
}

export function readyLine(sandbox: Sandbox, url: string): string {
  return JSON.stringify({
    url,
    brands: { feishu: url, lark: `${url}/lark` },
    apps: sandbox.world.apps.map((a) => ({
      app_id: a.app_id,
      app_secret: a.app_secret,
      encrypt_key: a.encrypt_key,
      verification_token: a.verification_token,
      brand: a.brand,
      tenant_key: a.tenant_key,
    })),
    users: sandbox.world.sampleUsers,
  });
}

function howTo(sandbox: Sandbox, url: string): string {
  const w = sandbox.world;
  const feishu = w.apps.find((a) => a.brand === 'feishu' && a.tenant_key === w.tenantKey);
  return [
    `Feishu/Lark sandbox on ${url} (Feishu at ${url}, Lark at ${url}/lark)`,
    `org: ${w.org}, seed ${w.seed}: ${w.tenants.map((t) => `${t.name} ${t.users} users / ${t.departments} departments`).join('; ')}`,
    '',
    'Apps (self-built):',
    ...w.apps.map(
      (a) =>
        `  ${a.brand.padEnd(6)} ${a.name}\n         app_id=${a.app_id} app_secret=${a.app_secret}\n         encrypt_key=${a.encrypt_key} verification_token=${a.verification_token} tenant_key=${a.tenant_key}`,
    ),
    '',
    `Sample sign-in accounts (password "${w.password}" unless shown):`,
    ...w.sampleUsers.map(
      (u) => `  ${u.role.padEnd(16)} ${u.name} <${u.email}> ${u.mobile} ${u.status}`,
    ),
    '',
    'Try:',
    `  curl -s -X POST ${url}/open-apis/auth/v3/tenant_access_token/internal -H 'content-type: application/json' \\`,
    `       -d '{"app_id":"${feishu?.app_id}","app_secret":"${feishu?.app_secret}"}'`,
    `  curl -s ${url}/sandbox/world`,
    `  npm run sandbox -- admin --url ${url} resign ${w.sampleUsers[2]?.email ?? '<email>'}`,
    `  npm run sandbox -- admin --url ${url} subscribe ${feishu?.app_id} http://127.0.0.1:8080/webhook/event`,
    '',
    'Ctrl-C stops it.',
  ].join('\n');
}

async function serve(argv: string[]): Promise<void> {
  const config = parseServeArgs(argv);
  if (!isOrgPreset(config.org) && !existsSync(config.org)) {
    throw new UsageError(
      `--org must be tiny, small, medium, large or an org file; there is no file "${config.org}"`,
    );
  }
  let sandbox: Sandbox;
  try {
    sandbox = await buildSandbox({
      org: config.org,
      seed: config.seed,
      rateLimits: config.rateLimits,
      retryScale: config.retryScale,
      duplicateRate: config.duplicateRate,
      redirectUrls: config.redirectUrls,
      password: config.password,
      secrets: config.seededSecrets ? 'seeded' : 'random',
    });
  } catch (err) {
    if (err instanceof OrgFileError) throw new UsageError(err.message);
    throw err;
  }
  const url = await sandbox.listen(config.port, config.host);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`${config.json ? readyLine(sandbox, url) : howTo(sandbox, url)}\n`);
}

async function admin(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(adminUsage());
    return;
  }
  const request = parseAdminArgs(argv);
  let answer;
  try {
    answer = await sendAdmin(request);
  } catch (err) {
    console.error(`sandbox admin: cannot reach ${request.url}: ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  console.log(JSON.stringify(answer.body, null, 2));
  if (answer.status >= 300) process.exitCode = 1;
}

async function main(argv: string[]): Promise<void> {
  try {
    if (argv[0] === 'admin') await admin(argv.slice(1));
    else if (argv.includes('--help') || argv.includes('-h')) console.log(USAGE);
    else await serve(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      const help = argv[0] === 'admin' ? adminUsage() : USAGE;
      console.error(`sandbox: ${err.message}\n\n${help}`);
      process.exit(2);
    }
    console.error(`sandbox: ${(err as Error).message}`);
    process.exit(1);
  }
}

if (import.meta.main) await main(process.argv.slice(2));
