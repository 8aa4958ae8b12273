// @vitest-environment jsdom
// Signed in, errors and settings: what is shown, what is hidden by policy, what commands run.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolled, failure, makeSnapshot, signedIn } from './fake-api.ts';
import { LANGUAGES, messages, renderApp, resetDom } from './render-app.tsx';
import { user } from './user.ts';

afterEach(resetDom);

const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe.each(LANGUAGES)('signed in (%s)', (language) => {
  const m = messages(language);

  it('shows who, the departments, this device, the connection and the apps', async () => {
    await renderApp(signedIn(), language);
    expect(screen.getByTestId('avatar-initials').textContent).toBe('AL');
    expect(screen.getByText('Platform')).toBeTruthy();
    // The departments above it, so two teams of the same name tell apart.
    const path = m.home.departmentPath.replace('{{path}}', 'Engineering / Infrastructure');
    expect(screen.getByText(path).closest('li')?.textContent).toContain('Platform');
    expect(screen.getByText('d2')).toBeTruthy(); // a department known only by id
    expect(screen.getByText(/LAPTOP-42/)).toBeTruthy();
    const online = screen.getByText(m.connection.online);
    expect(online.closest('[data-state]')?.getAttribute('data-state')).toBe('online');
    const open = screen.getByRole('link', { name: m.apps.openLabel.replace('{{name}}', 'Wiki') });
    expect(open.getAttribute('href')).toBe('https://wiki.acme.example');
    expect(open.getAttribute('rel')).toContain('noopener');
  });

  it('uses a data: avatar from main but never loads a remote one', async () => {
    const first = await renderApp(signedIn({ profile: { avatar_url: PIXEL } }), language);
    expect(document.querySelector('img.avatar')?.getAttribute('src')).toBe(PIXEL);
    first.unmount();
    await renderApp(signedIn({ profile: { avatar_url: 'https://cdn.example/a.png' } }), language);
    expect(document.querySelector('img.avatar')).toBeNull();
    expect(screen.getByTestId('avatar-initials')).toBeTruthy();
  });

  it('says so when there are no applications', async () => {
    await renderApp(signedIn({ entitlements: { applications: [] } }), language);
    expect(screen.getByText(m.apps.empty)).toBeTruthy();
    expect(document.querySelector('.app-list')).toBeNull();
  });

  it('signs out when allowed', async () => {
    const { api } = await renderApp(signedIn(), language);
    await user().click(screen.getByRole('button', { name: m.home.signOut }));
    expect(api.called('signOut')).toHaveLength(1);
  });

  it('hides sign-out when IT forbids it, and says why', async () => {
    await renderApp(signedIn({ settings: { allow_sign_out: false } }), language);
    expect(screen.queryByRole('button', { name: m.home.signOut })).toBeNull();
    expect(screen.getByText(m.home.signOutLocked)).toBeTruthy();
  });

  it('shows the offline state with the saved list and its validity', async () => {
    await renderApp(
      signedIn({ connection: { status: 'offline' }, entitlements: { status: 'cached' } }),
      language,
    );
    expect(screen.getByText(m.connection.offline)).toBeTruthy();
    const notice = screen.getAllByRole('status').find((n) => n.textContent?.includes('2026'));
    expect(notice).toBeTruthy();
    expect(screen.getByText('Wiki')).toBeTruthy();
  });

  it('drops an expired saved list', async () => {
    await renderApp(
      signedIn({ connection: { status: 'offline' }, entitlements: { status: 'expired' } }),
      language,
    );
    expect(screen.getByText(m.apps.expired)).toBeTruthy();
    expect(screen.queryByText('Wiki')).toBeNull();
  });

  it('shows a revocation at once, with a way to sign in again', async () => {
    const { api } = await renderApp(signedIn(), language);
    api.push(
      signedIn({ revision: 2, app: { locale: language }, connection: { status: 'revoked' } }),
    );
    expect(await screen.findByText(m.home.revoked)).toBeTruthy();
    expect(screen.getByText(m.connection.revoked)).toBeTruthy();
    await user().click(screen.getByRole('button', { name: m.home.signInAgain }));
    expect(api.called('dismissError')).toHaveLength(1);
  });

  it('tells the person the session is memory-only without a keychain', async () => {
    await renderApp(signedIn({ keychain: { available: false } }), language);
    expect(screen.getByText(m.home.memoryOnly)).toBeTruthy();
  });
});

describe.each(LANGUAGES)('error screens (%s)', (language) => {
  const m = messages(language);

  it('carries the platform code and the fix (40004), then retries or starts over', async () => {
    const { api } = await renderApp(
      makeSnapshot({
        ...enrolled(),
        sign_in: {
          phase: 'error',
          error: failure(
            'FEISHU_40004',
            'The app lacks department permissions',
            'Ask your admin to widen the app’s contact scope',
          ),
        },
      }),
      language,
    );
    const alert = screen.getByRole('alert');
    expect(within(alert).getByTestId('error-code').textContent).toBe('FEISHU_40004');
    expect(within(alert).getByTestId('error-fix').textContent).toBe(
      'Ask your admin to widen the app’s contact scope',
    );
    expect(within(alert).getByText(m.error.code)).toBeTruthy();
    await user().click(screen.getByRole('button', { name: m.error.retry }));
    expect(api.called('dismissError')).toHaveLength(1);
    await user().click(screen.getByRole('button', { name: m.error.back }));
    expect(api.called('resetEnrollment')).toHaveLength(1);
  });

  it('offers no "start over" when IT set the enterprise ID', async () => {
    await renderApp(
      makeSnapshot({
        ...enrolled(undefined, { enterprise_id_locked: true }),
        sign_in: { phase: 'error', error: failure('SIGNIN_USER_NOT_FOUND') },
      }),
      language,
    );
    expect(screen.queryByRole('button', { name: m.error.back })).toBeNull();
  });

  it('explains a tenant without any sign-in method in the UI language', async () => {
    await renderApp(makeSnapshot(enrolled([])), language);
    expect(screen.getByText(m.errorCodes.noSources)).toBeTruthy();
    expect(screen.getByTestId('error-fix').textContent).toBe(m.errorCodes.noSourcesFix);
  });
});

describe.each(LANGUAGES)('settings (%s)', (language) => {
  const m = messages(language);
  const open = async (snapshot = signedIn()) => {
    const rendered = await renderApp(snapshot, language);
    await user().click(screen.getByRole('button', { name: new RegExp(m.app.settings) }));
    return rendered;
  };

  it('changes the language, and the UI follows the answer from main', async () => {
    const { api } = await open();
    const other = language === 'en' ? 'zh-CN' : 'en';
    api.snapshot = signedIn({ revision: 2, app: { locale: other }, settings: { language: other } });
    await user().selectOptions(screen.getByLabelText(m.settings.language), other);
    expect(api.called('setLanguage')).toEqual([[other]]);
    expect(
      await screen.findByRole('heading', { level: 1, name: messages(other).settings.title }),
    ).toBeTruthy();
    await waitFor(() => expect(document.documentElement.lang).toBe(other));
  });

  it('saves an https control-plane URL with Enter and refuses a plain http one', async () => {
    const { api } = await open();
    const input = screen.getByLabelText(m.settings.controlPlane);
    const u = user();
    await u.clear(input);
    await u.type(input, 'http://cp.example.com{Enter}');
    expect(screen.getByText(m.settings.controlPlaneInvalid)).toBeTruthy();
    expect(api.called('setControlPlaneUrl')).toEqual([]);
    await u.clear(input);
    await u.type(input, 'https://cp.example.com{Enter}');
    expect(api.called('setControlPlaneUrl')).toEqual([['https://cp.example.com']]);
    expect(await screen.findByText(m.settings.saved)).toBeTruthy();
  });

  it('shows a managed control-plane URL locked, with no save button', async () => {
    await open(
      signedIn({
        settings: { control_plane_url_locked: true, language_locked: true },
        app: { managed_by: 'linux-file' },
      }),
    );
    const input = screen.getByLabelText(m.settings.controlPlane) as HTMLInputElement;
    expect(input.readOnly).toBe(true);
    expect(screen.queryByRole('button', { name: m.settings.save })).toBeNull();
    expect((screen.getByLabelText(m.settings.language) as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByText(m.settings.managed['linux-file'])).toBeTruthy();
  });

  it('closes back to where the person was, by button or Esc', async () => {
    await open();
    await user().click(screen.getByRole('button', { name: m.settings.close }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Ada Lovelace');
    await user().click(screen.getByRole('button', { name: new RegExp(m.app.settings) }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(m.settings.title);
    await user().keyboard('{Escape}');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Ada Lovelace');
  });
});
