// `npm run sandbox -- admin --url URL <command> ...`: the admin API from a shell, one command per
// admin change. Each command maps its words and flags to one HTTP call and prints the JSON
// answer. Usage errors throw UsageError (exit 2); API errors print the error body (exit 1).
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

type Values = Record<string, string | boolean | string[] | undefined>;

interface Command {
  usage: string;
  /** Positional arguments the command needs (after its name). */
  args: string[];
  /** How many more positionals it accepts. */
  extra?: number;
  options?: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  build(args: string[], v: Values): Call;
}

const enc = encodeURIComponent;
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
const list = (v: Values, k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : undefined);
const int = (value: string | undefined, what: string) => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${what} must be a whole number, got "${value}"`);
  return Number(value);
};
/** Drops undefined fields so the API sees only what was given. */
const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const userFlags = {
  name: { type: 'string' },
  'en-name': { type: 'string' },
  email: { type: 'string' },
  mobile: { type: 'string' },
  'user-id': { type: 'string' },
  dept: { type: 'string', multiple: true },
  'job-title': { type: 'string' },
  city: { type: 'string' },
  'employee-type': { type: 'string' },
  leader: { type: 'string' },
} as const;

const userBody = (v: Values) =>
  compact({
    name: str(v, 'name'),
    en_name: str(v, 'en-name'),
    email: str(v, 'email'),
    mobile: str(v, 'mobile'),
    user_id: str(v, 'user-id'),
    departments: list(v, 'dept'),
    job_title: str(v, 'job-title'),
    city: str(v, 'city'),
    employee_type: int(str(v, 'employee-type'), '--employee-type'),
    leader: str(v, 'leader'),
  });

const rangeCommand = (what: 'contact-range' | 'availability'): Command => ({
  usage: `${what} <app_id> all | ${what} <app_id> [--dept D ...] [--user U ...]`,
  args: ['app_id'],
  extra: 1,
  options: { dept: { type: 'string', multiple: true }, user: { type: 'string', multiple: true } },
  build: ([appId, mode], v) => {
    const departments = list(v, 'dept') ?? [];
    const users = list(v, 'user') ?? [];
    if (mode === 'all' && departments.length + users.length === 0) {
      return { method: 'PUT', path: `/apps/${enc(appId ?? '')}/${what}`, body: { kind: 'all' } };
    }
    if (mode !== undefined)
      throw new UsageError(`unexpected "${mode}": use "all" or --dept/--user`);
    if (departments.length + users.length === 0) {
      throw new UsageError(`${what} needs "all" or at least one --dept or --user`);
    }
    return {
      method: 'PUT',
      path: `/apps/${enc(appId ?? '')}/${what}`,
      body: { kind: 'partial', departments, users },
    };
  },
});

export const COMMANDS: Record<string, Command> = {
  world: { usage: 'world', args: [], build: () => ({ method: 'GET', path: '/world' }) },
  user: {
    usage: 'user <union_id|user_id|email>',
    args: ['user'],
    build: ([u]) => ({ method: 'GET', path: `/users/${enc(u ?? '')}` }),
  },
  dept: {
    usage: 'dept <open_department_id|department_id>',
    args: ['department'],
    build: ([d]) => ({ method: 'GET', path: `/departments/${enc(d ?? '')}` }),
  },
  'add-user': {
    usage: 'add-user --name N [--email E] [--mobile +86...] [--user-id ID] [--dept D ...] ...',
    args: [],
    options: { ...userFlags, password: { type: 'string' } },
    build: (_a, v) => {
      if (!str(v, 'name')) throw new UsageError('add-user needs --name');
      return {
        method: 'POST',
        path: '/users',
        body: { ...userBody(v), ...compact({ password: str(v, 'password') }) },
      };
    },
  },
  'update-user': {
    usage:
      'update-user <user> [--name] [--email] [--dept D ...] [--job-title] [--freeze|--unfreeze]',
    args: ['user'],
    options: { ...userFlags, freeze: { type: 'boolean' }, unfreeze: { type: 'boolean' } },
    build: ([u], v) => {
      if (v.freeze && v.unfreeze)
        throw new UsageError('--freeze and --unfreeze exclude each other');
      const frozen = v.freeze ? true : v.unfreeze ? false : undefined;
      return {
        method: 'PATCH',
        path: `/users/${enc(u ?? '')}`,
        body: { ...userBody(v), ...compact({ frozen }) },
      };
    },
  },
  move: {
    usage: 'move <user> --dept D [--dept D2 ...]   (the first is the primary department)',
    args: ['user'],
    options: { dept: { type: 'string', multiple: true } },
    build: ([u], v) => {
      const departments = list(v, 'dept');
      if (!departments) throw new UsageError('move needs at least one --dept');
      return { method: 'PATCH', path: `/users/${enc(u ?? '')}`, body: { departments } };
    },
  },
  freeze: {
    usage: 'freeze <user>',
    args: ['user'],
    build: ([u]) => ({ method: 'PATCH', path: `/users/${enc(u ?? '')}`, body: { frozen: true } }),
  },
  unfreeze: {
    usage: 'unfreeze <user>',
    args: ['user'],
    build: ([u]) => ({ method: 'PATCH', path: `/users/${enc(u ?? '')}`, body: { frozen: false } }),
  },
  resign: {
    usage: 'resign <user>',
    args: ['user'],
    build: ([u]) => ({ method: 'POST', path: `/users/${enc(u ?? '')}/resign` }),
  },
  'create-dept': {
    usage: 'create-dept --name N [--en-name E] [--parent P] [--department-id ID] [--leader U]',
    args: [],
    options: {
      name: { type: 'string' },
      'en-name': { type: 'string' },
      parent: { type: 'string' },
      'department-id': { type: 'string' },
      leader: { type: 'string' },
    },
    build: (_a, v) => {
      if (!str(v, 'name')) throw new UsageError('create-dept needs --name');
      return {
        method: 'POST',
        path: '/departments',
        body: compact({
          name: str(v, 'name'),
          en_name: str(v, 'en-name'),
          parent: str(v, 'parent'),
          department_id: str(v, 'department-id'),
          leader: str(v, 'leader'),
        }),
      };
    },
  },
  'rename-dept': {
    usage: 'rename-dept <department> --name N [--en-name E]',
    args: ['department'],
    options: { name: { type: 'string' }, 'en-name': { type: 'string' } },
    build: ([d], v) => {
      const body = compact({ name: str(v, 'name'), en_name: str(v, 'en-name') });
      if (Object.keys(body).length === 0)
        throw new UsageError('rename-dept needs --name or --en-name');
      return { method: 'PATCH', path: `/departments/${enc(d ?? '')}`, body };
    },
  },
  'move-dept': {
    usage: 'move-dept <department> --parent P   ("0" = root)',
    args: ['department'],
    options: { parent: { type: 'string' } },
    build: ([d], v) => {
      const parent = str(v, 'parent');
      if (!parent) throw new UsageError('move-dept needs --parent');
      return { method: 'PATCH', path: `/departments/${enc(d ?? '')}`, body: { parent } };
    },
  },
  'delete-dept': {
    usage: 'delete-dept <department>',
    args: ['department'],
    build: ([d]) => ({ method: 'DELETE', path: `/departments/${enc(d ?? '')}` }),
  },
  'contact-range': rangeCommand('contact-range'),
  availability: rangeCommand('availability'),
  scopes: {
    usage: 'scopes <app_id> [--scope S ...] [--user-scope S ...]',
    args: ['app_id'],
    options: {
      scope: { type: 'string', multiple: true },
      'user-scope': { type: 'string', multiple: true },
    },
    build: ([a], v) => {
      const body = compact({ scopes: list(v, 'scope'), user_scopes: list(v, 'user-scope') });
      if (Object.keys(body).length === 0)
        throw new UsageError('scopes needs --scope or --user-scope');
      return { method: 'PUT', path: `/apps/${enc(a ?? '')}/scopes`, body };
    },
  },
  'redirect-urls': {
    usage: 'redirect-urls <app_id> [URL ...]   (none clears them)',
    args: ['app_id'],
    extra: Infinity,
    build: ([a, ...urls]) => ({
      method: 'PUT',
      path: `/apps/${enc(a ?? '')}/redirect-urls`,
      body: { redirect_urls: urls },
    }),
  },
  subscribe: {
    usage:
      'subscribe <app_id> <request_url> [--event-type T ...] [--encrypt-key K] [--verification-token T]',
    args: ['app_id', 'request_url'],
    options: {
      'event-type': { type: 'string', multiple: true },
      'encrypt-key': { type: 'string' },
      'verification-token': { type: 'string' },
    },
    build: ([a, url], v) => ({
      method: 'PUT',
      path: `/apps/${enc(a ?? '')}/event-subscription`,
      body: compact({
        request_url: url,
        event_types: list(v, 'event-type'),
        encrypt_key: str(v, 'encrypt-key'),
        verification_token: str(v, 'verification-token'),
      }),
    }),
  },
  unsubscribe: {
    usage: 'unsubscribe <app_id>',
    args: ['app_id'],
    build: ([a]) => ({ method: 'DELETE', path: `/apps/${enc(a ?? '')}/event-subscription` }),
  },
  deliveries: {
    usage: 'deliveries [--app-id A] [--event-id E] [--limit N]',
    args: [],
    options: {
      'app-id': { type: 'string' },
      'event-id': { type: 'string' },
      limit: { type: 'string' },
    },
    build: (_a, v) => {
      const q = new URLSearchParams(
        compact({
          app_id: str(v, 'app-id'),
          event_id: str(v, 'event-id'),
          limit: str(v, 'limit'),
        }) as Record<string, string>,
      ).toString();
      return { method: 'GET', path: `/deliveries${q ? `?${q}` : ''}` };
    },
  },
  clock: {
    usage: 'clock <advance_ms>',
    args: ['advance_ms'],
    build: ([ms]) => ({
      method: 'POST',
      path: '/clock',
      body: { advance_ms: int(ms, 'advance_ms') },
    }),
  },
};

export const adminUsage = () =>
  [
    'usage: npm run sandbox -- admin --url URL [--tenant TENANT_KEY] <command> ...',
    '',
    'Users are named by union_id, user_id or email; departments by open_department_id or',
    'department_id ("0" = root). Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
  ].join('\n');

export interface AdminRequest {
  url: string;
  call: Call;
}

/** Parses `admin ...` arguments into one HTTP call; throws UsageError on anything wrong. */
export function parseAdminArgs(argv: string[]): AdminRequest {
  // Global flags must come before the command name; parse strictly from the command on.
  const commandIndex = argv.findIndex(
    (a, i) => !a.startsWith('-') && !['--url', '--tenant'].includes(argv[i - 1] ?? ''),
  );
  const name = commandIndex >= 0 ? argv[commandIndex] : undefined;
  let globals: { url?: string; tenant?: string };
  try {
    globals = parseArgs({
      args: commandIndex >= 0 ? argv.slice(0, commandIndex) : argv,
      options: { url: { type: 'string' }, tenant: { type: 'string' } },
      strict: true,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!name) throw new UsageError('no admin command given');
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown admin command "${name}"`);
  if (!globals.url) throw new UsageError('admin needs --url (the sandbox URL printed at start)');
  let base: URL;
  try {
    base = new URL(globals.url);
  } catch {
    throw new UsageError(`--url is not a URL: "${globals.url}"`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(commandIndex + 1),
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${name}: ${(err as Error).message}\nusage: ${command.usage}`);
  }
  const positionals = parsed.positionals;
  if (positionals.length < command.args.length) {
    throw new UsageError(`${name} needs <${command.args.join('> <')}>\nusage: ${command.usage}`);
  }
  if (positionals.length > command.args.length + (command.extra ?? 0)) {
    throw new UsageError(`${name}: too many arguments\nusage: ${command.usage}`);
  }
  const call = command.build(positionals, parsed.values as Values);
  // The tenant matters only where users and departments are named (apps carry their own).
  if (globals.tenant) {
    const creates =
      call.method === 'POST' && (call.path === '/users' || call.path === '/departments');
    if (creates) call.body = { ...(call.body as object), tenant_key: globals.tenant };
    else if (/^\/(users|departments)\//.test(call.path)) {
      call.path += `?tenant_key=${enc(globals.tenant)}`;
    }
  }
  return { url: base.toString().replace(/\/$/, ''), call };
}

/** Sends the call; returns the HTTP status and the parsed JSON answer. */
export async function sendAdmin(req: AdminRequest): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${req.url}/sandbox${req.call.path}`, {
    method: req.call.method,
    headers: req.call.body === undefined ? {} : { 'content-type': 'application/json' },
    body: req.call.body === undefined ? undefined : JSON.stringify(req.call.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: print it as is
  }
  return { status: res.status, body };
}
