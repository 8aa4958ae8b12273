// The profile a client gets: departments named from the synced directory (with the names of the
// departments above them) and the Feishu avatar URL, the same in the handoff and GET
// /api/v1/session answers; a refresh answer carries the ids and the avatar but names nothing (its
// statement stays cheap); the session answer follows the directory (a rename, a move) at once.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { SandboxDepartment } from '../../../../sandbox/org/types.ts';
import type { Profile, ProfileDepartment } from '../../../../shared/domain/auth/token.ts';
import { engines } from '../../../fixtures/db.ts';
import { sandboxAvatarUrl } from '../../../fixtures/sandbox-directory.ts';
import { refresh } from '../../../fixtures/signin-client.ts';
import { signInAs } from '../../../fixtures/signin-harness.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';

describe.each(engines)('profile departments and avatar ($name)', (engine) => {
  const h = useSignInHarness(engine, { org: 'small' });

  const sandboxDepartments = () =>
    new Map(
      [...h.sandbox.ctx.store.departments.values()].map(
        (d) => [d.openDepartmentId, d] as [string, SandboxDepartment],
      ),
    );
  /** What the profile should say, worked out from the sandbox's own org (not the directory). */
  const expected = (ids: string[]): ProfileDepartment[] => {
    const byOpenId = sandboxDepartments();
    const byKey = new Map([...byOpenId.values()].map((d) => [d.key, d]));
    return ids.map((id) => {
      const d = byOpenId.get(id);
      if (!d) return { id, name: id === '0' ? h.tenant.name : null, path: [] };
      const path: string[] = [];
      for (let p = byKey.get(d.parentKey); p; p = byKey.get(p.parentKey)) path.unshift(p.name);
      return { id, name: d.name, path };
    });
  };
  const me = async (token: string) => {
    const res = await fetch(`${h.baseUrl}/api/v1/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { profile: Profile }).profile;
  };

  it('names every department with its path, the same in the handoff and session answers', async () => {
    const { tokens, device } = await signInAs(h, 'multi-department');
    const { profile } = tokens;
    expect(profile.department_ids.length).toBeGreaterThanOrEqual(2);
    expect(profile.departments).toEqual(expected(profile.department_ids));
    expect(profile.departments.some((d) => d.path.length > 0)).toBe(true);
    const seed = [...h.sandbox.ctx.store.users.values()].find(
      (u) => u.unionId === profile.union_id,
    )!.avatarSeed;
    expect(profile.avatar_url).toBe(sandboxAvatarUrl(seed));

    const next = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(next.status).toBe(200);
    expect(next.json.profile).toEqual({ ...profile, departments: [] });
    expect(await me(next.json.access_token)).toEqual(profile);
  });

  it('GET /api/v1/session reads the directory now: a renamed department, then a move', async () => {
    const { tokens } = await signInAs(h, 'member');
    const [first] = tokens.profile.department_ids;
    expect(first).toBeDefined();
    const { db } = h.database;
    await db
      .updateTable('directory_departments')
      .set({ name: 'Renamed 改名' })
      .where('source_id', '=', h.source.id)
      .where('open_department_id', '=', first!)
      .execute();
    const renamed = await me(tokens.access_token);
    expect(renamed.departments[0]).toMatchObject({ id: first, name: 'Renamed 改名' });

    // Moved to another department: the token still says the old one, the session the new one.
    const other = [...sandboxDepartments().keys()].find(
      (id) => !tokens.profile.department_ids.includes(id),
    )!;
    await sql`update directory_memberships set open_department_id = ${other}
      where source_id = ${h.source.id} and user_id = ${tokens.profile.user_id}`.execute(db);
    const moved = await me(tokens.access_token);
    expect(moved.department_ids).toEqual([other]);
    expect(moved.departments).toEqual(expected([other]));
  });

  it('never passes on an avatar that is not https', async () => {
    const { tokens } = await signInAs(h, 'leader');
    await sql`update directory_users set profile = jsonb_set(profile, '{avatar_url}', '"http://cdn.example/a.png"')
      where id = ${tokens.profile.user_id}`.execute(h.database.db);
    expect((await me(tokens.access_token)) as unknown).toMatchObject({ avatar_url: null });
  });
});
