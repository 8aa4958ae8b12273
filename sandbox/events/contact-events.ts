// Turns one OrgStore change into the contact v3 events each subscribed app receives (reference
// 6.5): only apps of the tenant, with a subscription and the scope to subscribe, whose contact
// range holds the object before or after the change; bodies come from the shared event renderers,
// so ids are the receiving app's open ids. Built synchronously inside the change listener, so the
// store still shows the state right after the change.
import { BROAD_CONTACT_SCOPES, hasAnyScope } from '../org/field-access.ts';
import { ROOT, type OrgChange, type OrgStore } from '../org/org-store.ts';
import {
  renderEventDepartment,
  renderEventUser,
  renderRestDepartment,
  type Json,
} from '../org/render.ts';
import type { ContactRange, SandboxApp, SandboxDepartment, SandboxUser } from '../org/types.ts';
import { envelope, type EventEnvelope } from './envelope.ts';

export const CONTACT_EVENT_TYPES = {
  'department.created': 'contact.department.created_v3',
  'department.updated': 'contact.department.updated_v3',
  'department.deleted': 'contact.department.deleted_v3',
  'user.created': 'contact.user.created_v3',
  'user.updated': 'contact.user.updated_v3',
  'user.deleted': 'contact.user.deleted_v3',
  'scope.updated': 'contact.scope.updated_v3',
} as const satisfies Record<OrgChange['kind'], string>;

const SUBSCRIBE_SCOPES = ['contact:contact.base:readonly', ...BROAD_CONTACT_SCOPES];

export interface AppEvent {
  appId: string;
  envelope: EventEnvelope;
}

function subscribers(store: OrgStore, tenantKey: string, eventType: string): SandboxApp[] {
  const out: SandboxApp[] = [];
  for (const app of store.apps.values()) {
    if (app.tenantKey !== tenantKey || !app.enabled || !app.subscription) continue;
    const types = app.subscription.eventTypes;
    if (types.length > 0 && !types.includes(eventType)) continue;
    if (!hasAnyScope(app, SUBSCRIBE_SCOPES)) continue;
    out.push(app);
  }
  return out;
}

/** Whether a department at (key, parentKey) lies in the app's range; parentKey may be a past one. */
function departmentInRange(store: OrgStore, app: SandboxApp, key: string, parentKey: string) {
  const range = app.contactRange;
  if (range.kind === 'all') return true;
  const allowed = new Set(range.departmentKeys);
  if (allowed.has(key)) return true;
  return parentKey !== ROOT && store.ancestorsOf(parentKey).some((k) => allowed.has(k));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The before values of the fields that changed; a field that appeared gets an empty value. */
function changedFields(before: Json, after: Json): Json {
  const old: Json = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue;
    if (key in before) old[key] = before[key];
    else old[key] = Array.isArray(after[key]) ? [] : typeof after[key] === 'string' ? '' : null;
  }
  return old;
}

function userEvents(store: OrgStore, change: OrgChange, app: SandboxApp): Json | undefined {
  switch (change.kind) {
    case 'user.created':
      if (!store.userInRange(app, change.after)) return undefined;
      return { object: renderEventUser(store, change.after, app) };
    case 'user.updated': {
      if (!store.userInRange(app, change.before) && !store.userInRange(app, change.after)) {
        return undefined;
      }
      const before = renderEventUser(store, change.before, app);
      const after = renderEventUser(store, change.after, app);
      const old = changedFields(before, after);
      // A change the app cannot see (a field outside its scopes) is no event for it.
      return Object.keys(old).length === 0 ? undefined : { object: after, old_object: old };
    }
    case 'user.deleted': {
      if (!store.userInRange(app, change.before)) return undefined;
      const now: SandboxUser = store.users.get(change.before.key) ?? change.before;
      const object = renderEventUser(store, now, app);
      // Documented as never populated here: the departments travel in old_object.
      delete object.department_ids;
      return {
        object,
        old_object: {
          department_ids: change.before.departmentKeys.map((k) =>
            k === ROOT ? ROOT : (store.departments.get(k)?.openDepartmentId ?? k),
          ),
          open_id: store.openIds.openIdFor(app.appId, change.before.key),
        },
      };
    }
    default:
      return undefined;
  }
}

function departmentEvents(store: OrgStore, change: OrgChange, app: SandboxApp): Json | undefined {
  const inRange = (d: SandboxDepartment) => departmentInRange(store, app, d.key, d.parentKey);
  switch (change.kind) {
    case 'department.created':
      if (!inRange(change.after)) return undefined;
      return { object: renderEventDepartment(store, change.after, app) };
    case 'department.updated': {
      if (!inRange(change.before) && !inRange(change.after)) return undefined;
      const before = renderEventDepartment(store, change.before, app);
      const after = renderEventDepartment(store, change.after, app);
      return same(before, after) ? undefined : { object: after, old_object: before };
    }
    case 'department.deleted':
      if (!inRange(change.before)) return undefined;
      return {
        object: renderEventDepartment(store, { ...change.before, deleted: true }, app),
        old_object: {
          status: { is_deleted: false },
          open_department_id: change.before.openDepartmentId,
        },
      };
    default:
      return undefined;
  }
}

/** The range as lists of departments and users; "all members" is the root's children + members. */
function rangeEntries(store: OrgStore, tenantKey: string, range: ContactRange) {
  if (range.kind === 'all') {
    return {
      departments: store.childrenOf(tenantKey, ROOT).map((d) => d.key),
      users: store.membersOf(tenantKey, ROOT).map((u) => u.key),
    };
  }
  return { departments: range.departmentKeys, users: range.userKeys };
}

function scopeEvent(
  store: OrgStore,
  change: Extract<OrgChange, { kind: 'scope.updated' }>,
  app: SandboxApp,
): Json | undefined {
  const before = rangeEntries(store, app.tenantKey, change.before);
  const after = rangeEntries(store, app.tenantKey, change.after);
  const minus = (a: string[], b: string[]) => {
    const drop = new Set(b);
    return a.filter((k) => !drop.has(k));
  };
  const departments = (keys: string[]) =>
    keys
      .map((k) => store.departments.get(k))
      .filter((d): d is SandboxDepartment => d !== undefined && !d.deleted)
      .map((d) => renderRestDepartment(store, d, app));
  const users = (keys: string[]) =>
    keys
      .map((k) => store.users.get(k))
      .filter((u): u is SandboxUser => u !== undefined && !u.deleted)
      .map((u) => renderEventUser(store, u, app));
  const event = {
    added: {
      departments: departments(minus(after.departments, before.departments)),
      users: users(minus(after.users, before.users)),
      user_groups: [],
    },
    removed: {
      departments: departments(minus(before.departments, after.departments)),
      users: users(minus(before.users, after.users)),
      user_groups: [],
    },
  };
  const empty =
    event.added.departments.length + event.added.users.length === 0 &&
    event.removed.departments.length + event.removed.users.length === 0;
  return empty ? undefined : event;
}

export function eventsForChange(store: OrgStore, change: OrgChange, now: number): AppEvent[] {
  const eventType = CONTACT_EVENT_TYPES[change.kind];
  const out: AppEvent[] = [];
  for (const app of subscribers(store, change.tenantKey, eventType)) {
    let body: Json | undefined;
    if (change.kind === 'scope.updated') {
      body = change.appId === app.appId ? scopeEvent(store, change, app) : undefined;
    } else if (change.kind.startsWith('user.')) {
      body = userEvents(store, change, app);
    } else {
      body = departmentEvents(store, change, app);
    }
    if (body) out.push({ appId: app.appId, envelope: envelope(app, eventType, body, now) });
  }
  return out;
}
