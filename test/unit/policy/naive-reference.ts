// The policy semantics written out plainly, for the property tests to hold the compiled
// evaluator against: loop over the sorted policies, check each subject by walking up the parent
// chain, read local time with Intl directly, match addresses by string and number comparisons.
// Deliberately shares no code with shared/domain/policy (only its types).
import type {
  ApplicationInput,
  DecisionContext,
  PolicyInput,
  PolicySetInput,
  PolicyUser,
} from '../../../shared/domain/policy/index.ts';

export interface NaiveDecision {
  decision: 'allow' | 'deny';
  reason: string;
  policyId?: string;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// Sorting and the parent map depend only on the set: kept per set so 100,000 cases stay fast.
const prepared = new WeakMap<
  PolicySetInput,
  { sorted: PolicyInput[]; parentOf: Map<string, string | null> }
>();

function prepare(set: PolicySetInput) {
  let p = prepared.get(set);
  if (!p) {
    const sorted = (set.policies ?? [])
      .filter((x) => x.enabled !== false)
      .sort((a, b) => {
        if (a.priority !== b.priority) return a.priority - b.priority;
        if (a.action !== b.action) return a.action === 'deny' ? -1 : 1;
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      });
    const parentOf = new Map<string, string | null>();
    for (const d of set.departments ?? []) parentOf.set(d.id, d.parent_id ?? null);
    prepared.set(set, (p = { sorted, parentOf }));
  }
  return p;
}

function values(attrs: Record<string, unknown> | undefined, key: string): string[] {
  if (!attrs || !Object.prototype.hasOwnProperty.call(attrs, key)) return [];
  const raw = attrs[key];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const v of list) {
    if (typeof v === 'string' && v !== '') out.push(v);
    else if (typeof v === 'number' && Number.isFinite(v)) out.push(String(v));
    else if (typeof v === 'boolean') out.push(String(v));
  }
  return out;
}

type Rule = NonNullable<PolicyInput['subjects']['attributes']>[number];

function ruleHolds(rule: Rule, attrs: Record<string, unknown> | undefined): boolean {
  const fold = (s: string) => ('ignore_case' in rule && rule.ignore_case ? s.toLowerCase() : s);
  const vs = values(attrs, rule.key).map(fold);
  switch (rule.op) {
    case 'eq':
      return vs.some((v) => v === fold(rule.value));
    case 'neq':
      return !vs.some((v) => v === fold(rule.value));
    case 'in':
      return vs.some((v) => rule.values.map(fold).includes(v));
    case 'not_in':
      return !vs.some((v) => rule.values.map(fold).includes(v));
    case 'prefix':
      return vs.some((v) => v.startsWith(fold(rule.value)));
    case 'suffix':
      return vs.some((v) => v.endsWith(fold(rule.value)));
    case 'contains':
      return vs.some((v) => v.includes(fold(rule.value)));
    case 'exists':
      return vs.length > 0;
    case 'not_exists':
      return vs.length === 0;
  }
}

function inDepartments(set: PolicySetInput, p: PolicyInput, user: PolicyUser): boolean {
  const { parentOf } = prepare(set);
  for (const own of user.departmentIds) {
    const seen = new Set<string>();
    let cur: string | null | undefined = own;
    while (cur !== null && cur !== undefined && cur !== '' && !seen.has(cur)) {
      seen.add(cur);
      const here: string = cur;
      const named = (p.subjects.departments ?? []).some(
        (d) => d.id === here && (here === own || d.include_sub_departments !== false),
      );
      if (named) return true;
      cur = parentOf.get(here);
    }
  }
  return false;
}

function subjectHolds(set: PolicySetInput, p: PolicyInput, user: PolicyUser): boolean {
  const s = p.subjects;
  const depts = s.departments ?? [];
  const users = s.users ?? [];
  const principal =
    s.all_users === true ||
    (depts.length === 0 && users.length === 0) ||
    users.includes(user.id) ||
    inDepartments(set, p, user);
  if (!principal) return false;
  return (s.attributes ?? []).every((r) =>
    ruleHolds(r, user.attributes as Record<string, unknown>),
  );
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Local weekday (0 = Sunday) and minute read straight from Intl. */
export function naiveLocal(timeZone: string, t: number): { day: number; minute: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(t));
  const get = (type: string) => parts.find((x) => x.type === type)!.value;
  return {
    day: DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3)),
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

function conditionsHold(set: PolicySetInput, p: PolicyInput, ctx: DecisionContext): boolean {
  const c = p.conditions;
  if (!c) return true;
  if (c.platforms) {
    if (ctx.platform === undefined) {
      if (p.action === 'allow') return false;
    } else if (!c.platforms.includes(ctx.platform)) {
      return false;
    }
  }
  if (c.time_windows) {
    const ok = c.time_windows.some((w) => {
      const { day, minute } = naiveLocal(w.time_zone ?? set.time_zone ?? 'Asia/Shanghai', ctx.time);
      const today = w.days.includes(DAYS[day] as never);
      const yesterday = w.days.includes(DAYS[(day + 6) % 7] as never);
      if (w.start_minute < w.end_minute) {
        return today && minute >= w.start_minute && minute < w.end_minute;
      }
      return (today && minute >= w.start_minute) || (yesterday && minute < w.end_minute);
    });
    if (!ok) return false;
  }
  return true;
}

function covers(p: PolicyInput, app: ApplicationInput): boolean {
  const r = p.resources;
  if (r.all_applications) return true;
  if ((r.applications ?? []).includes(app.id)) return true;
  return (r.tags ?? []).some((t) => (app.tags ?? []).includes(t));
}

export function naiveDecide(
  set: PolicySetInput,
  user: PolicyUser,
  appId: string,
  ctx: DecisionContext,
): NaiveDecision {
  const app = (set.applications ?? []).find((a) => a.id === appId);
  if (!app) return { decision: 'deny', reason: 'unknown_app' };
  if (app.enabled === false) return { decision: 'deny', reason: 'disabled_app' };
  for (const p of prepare(set).sorted) {
    if (!covers(p, app)) continue;
    if (!subjectHolds(set, p, user)) continue;
    if (!conditionsHold(set, p, ctx)) continue;
    return {
      decision: p.action,
      reason: p.action === 'allow' ? 'matched_allow' : 'matched_deny',
      policyId: p.id,
    };
  }
  return { decision: 'deny', reason: 'default_deny' };
}

// --- destinations ---------------------------------------------------------------------------

function v6ToBig(text: string): bigint {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n);
}

function v4ToNum(text: string): number {
  return text.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** [score parts] when the address holds the destination, else undefined. */
function addressMatch(
  a: { host: string; ports?: string; protocol?: string },
  host: string,
  port: number,
  protocol: string,
): number[] | undefined {
  const proto = a.protocol ?? 'any';
  const protoOk =
    protocol === 'any' ||
    proto === 'any' ||
    proto === protocol ||
    (proto === 'tcp' && (protocol === 'http' || protocol === 'https'));
  if (!protoOk) return undefined;
  let width = 0;
  const spec = a.ports ?? '*';
  if (spec === '*') width = 65535;
  else {
    for (const part of spec.split(',')) {
      const [from, to] = part.includes('-')
        ? part.split('-').map(Number)
        : [Number(part), Number(part)];
      if (port >= from! && port <= to!) width = to! - from! + 1;
    }
  }
  if (width === 0) return undefined;
  const protoSpec = proto === 'any' ? 0 : proto === 'tcp' || proto === 'udp' ? 1 : 2;
  const pattern = a.host.toLowerCase();
  const isV4 = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s);
  let hostSpec: number | undefined;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(2);
    if (!isV4(host) && !host.includes(':') && host.endsWith('.' + suffix)) {
      hostSpec = suffix.split('.').length;
    }
  } else if (pattern.includes(':')) {
    const [base, bits] = pattern.split('/');
    const prefix = bits === undefined ? 128 : Number(bits);
    if (host.includes(':')) {
      const shift = BigInt(128 - prefix);
      if (v6ToBig(host) >> shift === v6ToBig(base!) >> shift) hostSpec = prefix;
    }
  } else if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(pattern)) {
    const [base, bits] = pattern.split('/');
    const prefix = bits === undefined ? 32 : Number(bits);
    if (isV4(host)) {
      const size = 2 ** (32 - prefix);
      if (Math.floor(v4ToNum(host) / size) === Math.floor(v4ToNum(base!) / size)) hostSpec = prefix;
    }
  } else if (pattern === host) {
    hostSpec = 1000;
  }
  return hostSpec === undefined ? undefined : [hostSpec, -width, protoSpec];
}

const compareScore = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;

/** The applications that decide a destination (the most specific ones), by id. */
export function naiveTopApps(
  set: PolicySetInput,
  host: string,
  port: number,
  protocol: string,
): string[] {
  let best: number[] | undefined;
  let apps: string[] = [];
  for (const app of set.applications ?? []) {
    let appBest: number[] | undefined;
    for (const a of app.addresses ?? []) {
      const s = addressMatch(a, host, port, protocol);
      if (s && (!appBest || compareScore(s, appBest) > 0)) appBest = s;
    }
    if (!appBest) continue;
    if (!best || compareScore(appBest, best) > 0) {
      best = appBest;
      apps = [app.id];
    } else if (compareScore(appBest, best) === 0) {
      apps.push(app.id);
    }
  }
  return apps.sort();
}

export function naiveDecideDestination(
  set: PolicySetInput,
  user: PolicyUser,
  host: string,
  port: number,
  protocol: string,
  ctx: DecisionContext,
): NaiveDecision & { appId?: string } {
  const apps = naiveTopApps(set, host, port, protocol);
  if (apps.length === 0) return { decision: 'deny', reason: 'no_application' };
  for (const id of apps) {
    const d = naiveDecide(set, user, id, ctx);
    if (d.decision === 'deny') return { ...d, appId: id };
  }
  return { ...naiveDecide(set, user, apps[0]!, ctx), appId: apps[0]! };
}
