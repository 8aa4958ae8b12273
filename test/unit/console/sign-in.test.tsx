// @vitest-environment jsdom
// Admin sign-in in both languages: signed out lands on the form, a refusal shows the server's
// message in the console's language with its code and fix, and sign-in sends the CSRF token of
// the new session on the next state change.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  errorAnswer,
  fakeServer,
  renderConsole,
  resetConsole,
  stubMatchMedia,
} from './render-console.tsx';

const admin = {
  id: '5f1d2d0a-4a61-4d5f-9a55-0c5f5e0f0a01',
  email: 'root@example.com',
  name: 'Root',
  role: 'platform_admin',
  tenant_id: null,
  status: 'active',
  last_login_at: null,
  locked_until: null,
  created_at: '2026-11-22T00:00:00.000Z',
  updated_at: '2026-11-22T00:00:00.000Z',
};

const unauthorized = () => errorAnswer(401, 'AUTH_REQUIRED', 'Sign in first.', '请先登录。');

beforeAll(stubMatchMedia);
afterEach(resetConsole);

describe.each([
  ['en', 'Sign in', 'Email', 'Password', 'The email or password is incorrect.'],
  ['zh-CN', '登录', '邮箱', '密码', '邮箱或密码不正确。'],
] as const)('sign-in (%s)', (language, submit, emailLabel, passwordLabel, wrong) => {
  it('shows the refusal in the console language with its code and fix', async () => {
    const server = fakeServer({
      'GET /auth/me': unauthorized,
      'POST /auth/login': () =>
        errorAnswer(
          401,
          'AUTH_INVALID_CREDENTIALS',
          'The email or password is incorrect.',
          '邮箱或密码不正确。',
          language === 'en' ? 'Check both and try again.' : '请检查后重试。',
        ),
    });
    renderConsole(server, language);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(emailLabel), 'root@example.com');
    await user.type(screen.getByLabelText(passwordLabel), 'nope');
    await user.click(screen.getByRole('button', { name: submit }));
    const alert = await screen.findByTestId('sign-in-error');
    expect(alert.textContent).toContain(wrong);
    expect(alert.textContent).toContain('AUTH_INVALID_CREDENTIALS');
    expect(alert.textContent).toContain(
      language === 'en' ? 'Check both and try again.' : '请检查后重试。',
    );
    const login = server.calls.find((c) => c.path === '/auth/login')!;
    expect(login.body).toEqual({ email: 'root@example.com', password: 'nope' });
    expect(login.headers['accept-language']).toBe(language);
  });

  it('refuses a malformed email before calling the server', async () => {
    const server = fakeServer({ 'GET /auth/me': unauthorized });
    renderConsole(server, language);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(emailLabel), 'not-an-email');
    await user.type(screen.getByLabelText(passwordLabel), 'whatever');
    await user.click(screen.getByRole('button', { name: submit }));
    await screen.findByText(
      language === 'en'
        ? 'Enter the email address of your administrator account.'
        : '请输入管理员账号的邮箱地址。',
    );
    expect(server.calls.some((c) => c.path === '/auth/login')).toBe(false);
  });
});

describe('signed in', () => {
  it("sends the new session's CSRF token with sign-out", async () => {
    let loggedIn = false;
    const server = fakeServer({
      'GET /auth/me': () => (loggedIn ? { status: 200, body: session } : unauthorized()),
      'POST /auth/login': () => {
        loggedIn = true;
        return { status: 200, body: session };
      },
      'GET /tenants': () => ({
        status: 200,
        body: { items: [], total: 0, page: 1, page_size: 20 },
      }),
      'POST /auth/logout': () => ({ status: 204 }),
    });
    const session = { admin, csrf_token: 'csrf-abc', expires_at: '2026-11-23T00:00:00.000Z' };
    renderConsole(server, 'en', '/console/tenants');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'root@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    // The page is a lazy chunk: its first import in a cold test worker takes a while.
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Tenants' }, { timeout: 15_000 }),
    ).toBeTruthy();
    await waitFor(() => expect(window.location.pathname).toBe('/console/tenants'));
    await user.click(screen.getByRole('button', { name: /Account menu/ }));
    await user.click(await screen.findByText('Sign out'));
    await screen.findByRole('button', { name: 'Sign in' });
    const logout = server.calls.find((c) => c.path === '/auth/logout')!;
    expect(logout.headers['x-csrf-token']).toBe('csrf-abc');
    // Signing out forgets the page: the next admin starts on their own start page.
    expect(window.location.pathname).toBe('/console/sign-in');
    expect(window.location.search).toBe('');
  });

  it('goes back to sign-in, saying why, when a call finds the session gone', async () => {
    const session = { admin, csrf_token: 'c', expires_at: '2026-11-23T00:00:00.000Z' };
    const server = fakeServer({
      'GET /auth/me': () => ({ status: 200, body: session }),
      'GET /tenants': unauthorized,
    });
    renderConsole(server, 'zh-CN', '/console/tenants');
    expect(await screen.findByText('会话已结束，请重新登录。')).toBeTruthy();
    await waitFor(() => expect(window.location.pathname).toBe('/console/sign-in'));
    expect(window.location.search).toBe(
      `?next=${encodeURIComponent('/console/tenants'.replace('/console', ''))}`,
    );
  });
});
