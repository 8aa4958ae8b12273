// Admin changes to departments and users, as a Feishu admin makes them in the console. Every
// reference is resolved and every conflict checked before the first write, so a rejected request
// changes nothing; the writes go through OrgStore, whose change feed becomes events.
import type { FastifyInstance } from 'fastify';
import { randomInt } from 'node:crypto';
import type { SandboxContext } from '../context.ts';
import { ACTIVE } from '../org/generator.ts';
import { hex32, randomHex } from '../org/ids.ts';
import { ROOT } from '../org/org-store.ts';
import type { SandboxUser } from '../org/types.ts';
import type { World } from '../org/world.ts';
import { badRequest, conflict, parse } from './errors.ts';
import type { Refs } from './refs.ts';
import {
  createDepartmentBody,
  createUserBody,
  refParams,
  tenantQuery,
  updateDepartmentBody,
  updateUserBody,
} from './schemas.ts';
import { departmentView, userView } from './views.ts';

type UserPatch = Parameters<SandboxContext['store']['updateUser']>[1];

export function registerOrgRoutes(
  scope: FastifyInstance,
  ctx: SandboxContext,
  world: World,
  refs: Refs,
): void {
  const store = ctx.store;

  const emailTaken = (tenantKey: string, email: string, except?: string) => {
    const wanted = email.toLowerCase();
    for (const u of store.users.values()) {
      if (u.tenantKey === tenantKey && !u.deleted && u.key !== except) {
        if (u.email.toLowerCase() === wanted) return true;
      }
    }
    return false;
  };
  const mobileTaken = (tenantKey: string, mobile: string, except?: string) => {
    for (const u of store.users.values()) {
      if (u.tenantKey === tenantKey && !u.deleted && u.key !== except && u.mobile === mobile) {
        return true;
      }
    }
    return false;
  };
  const freshId = (taken: (id: string) => boolean, make: () => string) => {
    for (let i = 0; i < 100; i += 1) {
      const id = make();
      if (!taken(id)) return id;
    }
    throw conflict('id_space_exhausted', 'could not find a free id; give one explicitly');
  };

  // ---- departments -------------------------------------------------------------------------

  scope.get('/departments/:ref', async (req) => {
    const { ref } = parse(refParams, req.params, 'path');
    const { tenant_key } = parse(tenantQuery, req.query, 'query');
    return departmentView(store, refs.department(ref, refs.tenant(tenant_key)));
  });

  scope.post('/departments', async (req, reply) => {
    const body = parse(createDepartmentBody, req.body, 'body');
    const tenantKey = refs.tenant(body.tenant_key);
    const parentKey = refs.departmentKey(body.parent, tenantKey, true);
    const leader = body.leader === undefined ? undefined : refs.liveUser(body.leader, tenantKey);
    if (body.department_id && store.departmentByCustomId(tenantKey, body.department_id)) {
      throw conflict('duplicate_department_id', `department_id ${body.department_id} exists`);
    }
    const departmentId =
      body.department_id ??
      freshId(
        (id) => !!store.departmentByCustomId(tenantKey, id),
        () => `D${randomHex(4)}`,
      );
    const siblings = store.childrenOf(tenantKey, parentKey);
    const dept = store.addDepartment({
      tenantKey,
      departmentId,
      name: body.name,
      i18nName: { zh_cn: body.name, ...(body.en_name ? { en_us: body.en_name } : {}) },
      parentKey,
      leaderUserKey: leader?.key,
      order: body.order ?? Math.max(0, ...siblings.map((d) => d.order)) + 1000,
      unitIds: [],
      hrbpUserKeys: [],
    });
    return reply.status(201).send(departmentView(store, dept));
  });

  scope.patch('/departments/:ref', async (req) => {
    const { ref } = parse(refParams, req.params, 'path');
    const { tenant_key } = parse(tenantQuery, req.query, 'query');
    const body = parse(updateDepartmentBody, req.body, 'body');
    const tenantKey = refs.tenant(tenant_key);
    const dept = refs.department(ref, tenantKey);
    const patch: Parameters<typeof store.updateDepartment>[1] = {};
    if (body.parent !== undefined) {
      const parentKey = refs.departmentKey(body.parent, tenantKey, true);
      if (
        parentKey === dept.key ||
        (parentKey !== ROOT && store.ancestorsOf(parentKey).includes(dept.key))
      ) {
        throw badRequest('a department cannot move under itself or its own subtree', 'cycle');
      }
      patch.parentKey = parentKey;
    }
    if (body.department_id !== undefined && body.department_id !== dept.departmentId) {
      if (store.departmentByCustomId(tenantKey, body.department_id)) {
        throw conflict('duplicate_department_id', `department_id ${body.department_id} exists`);
      }
      patch.departmentId = body.department_id;
    }
    if (body.leader !== undefined) {
      patch.leaderUserKey =
        body.leader === null ? undefined : refs.liveUser(body.leader, tenantKey).key;
    }
    if (body.name !== undefined || body.en_name !== undefined) {
      if (body.name !== undefined) patch.name = body.name;
      patch.i18nName = {
        ...dept.i18nName,
        ...(body.name !== undefined ? { zh_cn: body.name } : {}),
        ...(body.en_name !== undefined ? { en_us: body.en_name } : {}),
      };
    }
    if (body.order !== undefined) patch.order = body.order;
    return departmentView(store, store.updateDepartment(dept.key, patch));
  });

  scope.delete('/departments/:ref', async (req) => {
    const { ref } = parse(refParams, req.params, 'path');
    const { tenant_key } = parse(tenantQuery, req.query, 'query');
    const dept = refs.department(ref, refs.tenant(tenant_key));
    store.deleteDepartment(dept.key);
    return departmentView(store, dept);
  });

  // ---- users -------------------------------------------------------------------------------

  scope.get('/users/:ref', async (req) => {
    const { ref } = parse(refParams, req.params, 'path');
    const { tenant_key } = parse(tenantQuery, req.query, 'query');
    return userView(store, refs.user(ref, refs.tenant(tenant_key)));
  });

  scope.post('/users', async (req, reply) => {
    const body = parse(createUserBody, req.body, 'body');
    const tenantKey = refs.tenant(body.tenant_key);
    const departmentKeys = (body.departments ?? [ROOT]).map((d) =>
      refs.departmentKey(d, tenantKey, true),
    );
    if (new Set(departmentKeys).size !== departmentKeys.length) {
      throw badRequest('body.departments lists a department twice');
    }
    const leader = body.leader ? refs.liveUser(body.leader, tenantKey) : undefined;
    if (body.user_id && store.userByUserId(tenantKey, body.user_id)) {
      throw conflict('duplicate_user_id', `user_id ${body.user_id} exists`);
    }
    const userId =
      body.user_id ??
      freshId(
        (id) => !!store.userByUserId(tenantKey, id),
        () => randomHex(4),
      );
    const email = body.email ?? `${userId.toLowerCase()}@${refs.domainOf(tenantKey)}`;
    if (emailTaken(tenantKey, email)) throw conflict('duplicate_email', `email ${email} is taken`);
    if (body.mobile && mobileTaken(tenantKey, body.mobile)) {
      throw conflict('duplicate_mobile', `mobile ${body.mobile} is taken`);
    }
    const mobile =
      body.mobile ??
      freshId(
        (m) => mobileTaken(tenantKey, m),
        () => `+86137${String(randomInt(100_000_000)).padStart(8, '0')}`,
      );
    const key = store.nextKey('u');
    const user = store.addUser({
      key,
      unionId: `on_${hex32(`union:${tenantKey}:${key}`)}`,
      tenantKey,
      userId,
      name: body.name,
      enName: body.en_name ?? '',
      nickname: '',
      email,
      enterpriseEmail: email,
      mobile,
      mobileVisible: true,
      gender: 0,
      avatarSeed: key,
      status: { ...ACTIVE },
      departmentKeys,
      orders: departmentKeys.map((departmentKey, i) => ({
        departmentKey,
        userOrder: 0,
        departmentOrder: i,
        isPrimary: i === 0,
      })),
      leaderUserKey: leader?.key,
      city: body.city ?? '',
      country: 'CN',
      workStation: '',
      joinTime: ctx.clock.nowSeconds(),
      isTenantManager: false,
      employeeNo: '',
      employeeType: body.employee_type ?? 1,
      jobTitle: body.job_title ?? '',
      customAttrs: [],
      timeZone: 'Asia/Shanghai',
      password: body.password ?? world.password,
    });
    return reply.status(201).send(userView(store, user));
  });

  scope.patch('/users/:ref', async (req) => {
    const { ref } = parse(refParams, req.params, 'path');
    const { tenant_key } = parse(tenantQuery, req.query, 'query');
    const body = parse(updateUserBody, req.body, 'body');
    const tenantKey = refs.tenant(tenant_key);
    const user = refs.liveUser(ref, tenantKey);

    const rest: UserPatch = {};
    if (body.departments !== undefined) {
      const keys = body.departments.map((d) => refs.departmentKey(d, tenantKey, true));
      if (new Set(keys).size !== keys.length) {
        throw badRequest('body.departments lists a department twice');
      }
      rest.departmentKeys = keys;
    }
    if (body.user_id !== undefined && body.user_id !== user.userId) {
      if (store.userByUserId(tenantKey, body.user_id)) {
        throw conflict('duplicate_user_id', `user_id ${body.user_id} exists`);
      }
      rest.userId = body.user_id;
    }
    if (body.leader !== undefined) {
      const leader = body.leader === null ? undefined : refs.liveUser(body.leader, tenantKey);
      if (leader?.key === user.key) throw badRequest('a user cannot lead themselves');
      rest.leaderUserKey = leader?.key;
    }
    if (body.email !== undefined && emailTaken(tenantKey, body.email, user.key)) {
      throw conflict('duplicate_email', `email ${body.email} is taken`);
    }
    if (body.mobile !== undefined && mobileTaken(tenantKey, body.mobile, user.key)) {
      throw conflict('duplicate_mobile', `mobile ${body.mobile} is taken`);
    }
    if (body.name !== undefined) rest.name = body.name;
    if (body.en_name !== undefined) rest.enName = body.en_name;
    if (body.job_title !== undefined) rest.jobTitle = body.job_title;
    if (body.city !== undefined) rest.city = body.city;
    if (body.employee_type !== undefined) rest.employeeType = body.employee_type;
    if (body.frozen !== undefined) rest.status = { ...user.status, is_frozen: body.frozen };

    // The platform reports email and mobile changes as events of their own (reference 6.5).
    const patches: UserPatch[] = [];
    if (body.email !== undefined && body.email !== user.email) {
      patches.push({ email: body.email, enterpriseEmail: body.email });
    }
    if (body.mobile !== undefined && body.mobile !== user.mobile)
      patches.push({ mobile: body.mobile });
    if (Object.keys(rest).length > 0) patches.push(rest);
    let updated: SandboxUser = user;
    for (const patch of patches) updated = store.updateUser(user.key, patch);
    return userView(store, updated);
  });

  scope.post('/users/:ref/resign', async (req) => {
    const { ref } = parse(refParams, req.params, 'path');
    const { tenant_key } = parse(tenantQuery, req.query, 'query');
    const user = refs.liveUser(ref, refs.tenant(tenant_key));
    store.resignUser(user.key);
    return userView(store, user);
  });
}
