// Access and refresh tokens: rotation, reuse detection that revokes the session, the benign
// race of a client refreshing twice at once, device binding, the access-token check of client
// APIs with live session state, sign-out, the JWKS and key rotation.
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { API } from '../../../fixtures/control-plane-app.ts';
import { engines } from '../../../fixtures/db.ts';
import { refresh } from '../../../fixtures/signin-client.ts';
import { signInAs } from '../../../fixtures/signin-harness.ts';
import { useSignInHarness } from '../../../fixtures/signin-harness-suite.ts';

describe.each(engines)('tokens ($name)', (engine) => {
  const h = useSignInHarness(engine);

  const me = (token: string | undefined) =>
    fetch(`${h.baseUrl}/api/v1/session`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const errorCode = async (res: Response) =>
    ((await res.json()) as { error: { code: string } }).error.code;

  it('rotates the refresh token; the old one is spent', async () => {
    const { tokens, device } = await signInAs(h, 'member');
    const next = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(next.status).toBe(200);
    expect(next.json.refresh_token).not.toBe(tokens.refresh_token);
    expect(next.json.access_token).not.toBe(tokens.access_token);
    expect(next.json.session_id).toBe(tokens.session_id);
    // A refresh answer names no department (test/integration/control-plane/sessions/profile.test.ts).
    expect(next.json.profile).toEqual({ ...tokens.profile, departments: [] });
    expect(decodeJwt(next.json.access_token)).toMatchObject({
      sid: tokens.session_id,
      dept: tokens.profile.department_ids,
      ev: 0,
    });
    expect((await me(next.json.access_token)).status).toBe(200);
    const again = await refresh(h.baseUrl, next.json.refresh_token, device.id);
    expect(again.status).toBe(200);
  });

  it('revokes the whole session when a rotated refresh token comes back after the grace', async () => {
    const { tokens, device } = await signInAs(h, 'member');
    const next = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    h.clock.advance(11_000);
    const replay = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(replay.status).toBe(401);
    expect(replay.json.error?.code).toBe('TOKEN_REFRESH_REUSED');
    // The live child is dead too, and so is the session's access token.
    const child = await refresh(h.baseUrl, next.json.refresh_token, device.id);
    expect(child.json.error?.code).toBe('TOKEN_REFRESH_REUSED');
    const res = await me(next.json.access_token);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('TOKEN_REFRESH_REUSED');
  });

  it('answers a client racing itself with the same new pair and keeps the session', async () => {
    const { tokens, device } = await signInAs(h, 'member');
    const [a, b, c] = await Promise.all([
      refresh(h.baseUrl, tokens.refresh_token, device.id),
      refresh(h.baseUrl, tokens.refresh_token, device.id),
      refresh(h.baseUrl, tokens.refresh_token, device.id),
    ]);
    for (const r of [a, b, c]) expect(r.status).toBe(200);
    expect(b.json.refresh_token).toBe(a.json.refresh_token);
    expect(c.json.refresh_token).toBe(a.json.refresh_token);
    expect(b.json.access_token).toBe(a.json.access_token);
    // Later, within the grace, the same device may still replay it and get the same pair.
    h.clock.advance(5_000);
    const late = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(late.json.refresh_token).toBe(a.json.refresh_token);
    const next = await refresh(h.baseUrl, a.json.refresh_token, device.id);
    expect(next.status).toBe(200);
  });

  it('catches a replay from another device even within the grace', async () => {
    const { tokens, device } = await signInAs(h, 'member');
    const next = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(next.status).toBe(200);
    const stolen = await refresh(h.baseUrl, tokens.refresh_token, 'another-device-123');
    expect(stolen.json.error?.code).toBe('TOKEN_REFRESH_REUSED');
    expect((await refresh(h.baseUrl, next.json.refresh_token, device.id)).status).toBe(401);
  });

  it('revokes the session when a live refresh token is presented by another device', async () => {
    const { tokens, device } = await signInAs(h, 'member');
    const moved = await refresh(h.baseUrl, tokens.refresh_token, 'another-device-456');
    expect(moved.status).toBe(401);
    expect(moved.json.error?.code).toBe('TOKEN_DEVICE_MISMATCH');
    const own = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(own.status).toBe(401);
    expect((await me(tokens.access_token)).status).toBe(401);
  });

  it('refuses unknown refresh tokens without touching any session', async () => {
    const unknown = await refresh(h.baseUrl, 'u'.repeat(43), 'device-0000');
    expect(unknown.status).toBe(401);
    expect(unknown.json.error?.code).toBe('TOKEN_REFRESH_INVALID');
  });

  it('checks access tokens: missing, malformed, forged, wrong algorithm, expired', async () => {
    const { tokens } = await signInAs(h, 'leader');
    expect(await errorCode(await me(undefined))).toBe('CLIENT_AUTH_REQUIRED');
    expect(await errorCode(await me('not-a-jwt'))).toBe('ACCESS_TOKEN_INVALID');
    const claims = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    const { kid } = decodeProtectedHeader(tokens.access_token);
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: kid!, typ: 'at+jwt' })
      .sign(privateKey);
    expect(await errorCode(await me(forged))).toBe('ACCESS_TOKEN_INVALID');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid, typ: 'at+jwt' })).toString('base64url')}.${tokens.access_token.split('.')[1]}.`;
    expect(await errorCode(await me(none))).toBe('ACCESS_TOKEN_INVALID');
    expect((await me(tokens.access_token)).status).toBe(200);
    h.clock.advance(11 * 60_000);
    expect(await errorCode(await me(tokens.access_token))).toBe('ACCESS_TOKEN_EXPIRED');
  });

  it('publishes the signing keys; access tokens carry the session, user, tenant, departments', async () => {
    const { tokens } = await signInAs(h, 'leader');
    const jwks = await (await fetch(`${h.baseUrl}/.well-known/jwks.json`)).json();
    expect(await (await fetch(`${h.baseUrl}/api/v1/public/jwks`)).json()).toEqual(jwks);
    for (const k of (jwks as { keys: Record<string, unknown>[] }).keys) {
      expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(k.d).toBeUndefined();
    }
    const { payload } = await jwtVerify(tokens.access_token, createLocalJWKSet(jwks as never), {
      issuer: h.baseUrl,
      audience: 'gatehouse-client',
      currentDate: h.clock.now(),
    });
    const leader = h.users.get(h.sample('leader').union_id)!;
    expect(payload).toMatchObject({
      sid: tokens.session_id,
      sub: leader.id,
      tenant: h.tenant.id,
      source: h.source.id,
      ev: 0,
    });
    expect(payload.dept).toEqual(tokens.profile.department_ids);
    expect((payload.dept as string[])[0]).toMatch(/^od-/);
  });

  it('rotates the signing key: old tokens verify until they expire, new ones use the new key', async () => {
    const { tokens, device } = await signInAs(h, 'member');
    const oldKid = decodeProtectedHeader(tokens.access_token).kid;
    const rotated = await h.platform.post(`${API}/signing-keys/rotate`);
    expect(rotated.statusCode).toBe(200);
    const newKid = (rotated.json() as { kid: string }).kid;
    expect(newKid).not.toBe(oldKid);
    const kids = async () =>
      (
        (await (await fetch(`${h.baseUrl}/.well-known/jwks.json`)).json()) as {
          keys: { kid: string }[];
        }
      ).keys.map((k) => k.kid);
    expect(await kids()).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect((await me(tokens.access_token)).status).toBe(200);
    const next = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(decodeProtectedHeader(next.json.access_token).kid).toBe(newKid);
    h.clock.advance(21 * 60_000);
    expect(await kids()).not.toContain(oldKid);
    const audit = await h.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'signing_key.rotate')
      .execute();
    expect(audit).toContainEqual({ action: 'signing_key.rotate', target_id: newKid });
  });

  it('signs out: the session ends for its access and refresh tokens', async () => {
    const { tokens, device } = await signInAs(h, 'ceo');
    const out = await fetch(`${h.baseUrl}/api/v1/session/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(out.status).toBe(204);
    const res = await me(tokens.access_token);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('SESSION_SIGNED_OUT');
    const r = await refresh(h.baseUrl, tokens.refresh_token, device.id);
    expect(r.json.error?.code).toBe('SESSION_SIGNED_OUT');
  });
});
