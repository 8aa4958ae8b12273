// The signed-in person in the snapshot: departments by name with their paths (ids when an older
// control plane names none), and an avatar only ever as the data: URL the core fetched; and
// ProfileAvatar, which fetches each avatar URL once and drops answers that came too late; and
// the names a refresh answer (which names none) keeps from the profile shown.
import { describe, expect, it } from 'vitest';
import { profileViewSchema } from '../../../shared/ipc/state.ts';
import type { CoreState } from '../../../main/core/app-state.ts';
import { profileView } from '../../../main/core/app-state-view.ts';
import { ProfileAvatar } from '../../../main/core/profile-avatar.ts';
import { keepDepartmentNames } from '../../../main/core/profile-merge.ts';

const PIXEL = 'data:image/png;base64,iVBORw0KGgo=';
const CDN = 'https://s1-imfile.feishucdn.com/static-resource/v1/v2_x~?image_size=240x240';

const profile = (over: Partial<NonNullable<CoreState['profile']>> = {}) => ({
  user_id: '00000000-0000-4000-8000-000000000001',
  open_id: 'ou_1',
  union_id: 'on_1',
  name: '张三',
  en_name: 'Zhang San',
  email: null,
  username: 'zhangsan',
  department_ids: ['od-b', '0'],
  departments: [
    { id: 'od-b', name: '客户端', path: ['研发', '平台'] },
    { id: '0', name: 'Acme', path: [] },
  ],
  avatar_url: CDN,
  tenant: { id: '00000000-0000-4000-8000-000000000002', name: 'Acme' },
  source: { id: '00000000-0000-4000-8000-000000000003', name: 'Feishu', brand: 'feishu' as const },
  signedInAt: '2026-11-22T01:00:00.000Z',
  ...over,
});

describe('profile view', () => {
  it('names the departments with the departments above them, in the contract shape', () => {
    const view = profileView(profile());
    expect(profileViewSchema.parse(view)).toEqual(view);
    expect(view.departments).toEqual([
      { id: 'od-b', name: '客户端', path: ['研发', '平台'] },
      { id: '0', name: 'Acme', path: [] },
    ]);
  });

  it('shows ids when the control plane sent none of the names (an older control plane)', () => {
    const view = profileView(profile({ departments: [] }));
    expect(view.departments).toEqual([
      { id: 'od-b', name: null, path: [] },
      { id: '0', name: null, path: [] },
    ]);
  });

  it('hands the renderer the fetched data: URL, never the remote avatar URL', () => {
    expect(profileView(profile()).avatar_url).toBeNull();
    expect(profileView(profile({ avatarDataUrl: PIXEL })).avatar_url).toBe(PIXEL);
  });
});

describe('ProfileAvatar', () => {
  const deferred = () => {
    let resolve!: (v: string) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };

  it('fetches a URL once, reports it, and answers with it afterwards', async () => {
    const fetched: string[] = [];
    const loaded: string[] = [];
    const avatar = new ProfileAvatar({
      fetch: async (url) => {
        fetched.push(url);
        return PIXEL;
      },
      onLoaded: (url) => loaded.push(url),
    });
    expect(avatar.dataUrlFor(CDN)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 0));
    expect(loaded).toEqual([CDN]);
    expect(avatar.dataUrlFor(CDN)).toBe(PIXEL);
    expect(fetched).toEqual([CDN]);
    expect(avatar.dataUrlFor(null)).toBeUndefined();
  });

  it('drops an answer that arrives after sign-out or for an avatar no longer shown', async () => {
    const pending = [deferred(), deferred()];
    let n = 0;
    const loaded: string[] = [];
    const avatar = new ProfileAvatar({
      fetch: () => pending[n++]!.promise,
      onLoaded: (url) => loaded.push(url),
    });
    avatar.dataUrlFor(CDN);
    avatar.clear();
    pending[0]!.resolve(PIXEL);
    avatar.dataUrlFor(`${CDN}&v=2`);
    pending[1]!.reject(new Error('unreachable'));
    await new Promise((r) => setTimeout(r, 0));
    expect(loaded).toEqual([]);
    expect(avatar.dataUrlFor(`${CDN}&v=2`)).toBeUndefined();
  });
});

describe('ProfileAvatar after a failure', () => {
  it('tries a failed avatar again with the next profile, and keeps it once loaded', async () => {
    let calls = 0;
    const avatar = new ProfileAvatar({
      fetch: async () => {
        if (++calls === 1) throw new Error('offline');
        return PIXEL;
      },
      onLoaded: () => undefined,
    });
    avatar.dataUrlFor(CDN);
    await new Promise((r) => setTimeout(r, 0));
    expect(avatar.dataUrlFor(CDN)).toBeUndefined(); // the second try starts here
    await new Promise((r) => setTimeout(r, 0));
    expect(avatar.dataUrlFor(CDN)).toBe(PIXEL);
    expect(calls).toBe(2);
  });
});

describe('keepDepartmentNames', () => {
  const { signedInAt: _at, ...named } = profile();

  it('keeps the names shown for the same ids, and says when one is new', () => {
    const refreshed = { ...named, department_ids: ['0', 'od-new'], departments: [] };
    const { profile: kept, unnamed } = keepDepartmentNames(refreshed, named);
    expect(kept.departments).toEqual([
      { id: '0', name: 'Acme', path: [] },
      { id: 'od-new', name: null, path: [] },
    ]);
    expect(unnamed).toBe(true);
    expect(keepDepartmentNames({ ...named, departments: [] }, named)).toEqual({
      profile: named,
      unnamed: false,
    });
  });

  it('takes a named answer as it is, and names nothing from nothing', () => {
    const moved = {
      ...named,
      department_ids: ['od-c'],
      departments: [{ id: 'od-c', name: 'C', path: [] }],
    };
    expect(keepDepartmentNames(moved, named)).toEqual({ profile: moved, unnamed: false });
    expect(keepDepartmentNames({ ...named, departments: [] }, undefined).unnamed).toBe(true);
    const none = { ...named, department_ids: [], departments: [] };
    expect(keepDepartmentNames(none, undefined)).toEqual({ profile: none, unnamed: false });
  });
});
