// @vitest-environment jsdom
// First run and sign-in by keyboard and pointer against a fake api-client.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolled, failure, makeSnapshot, signedIn, source } from './fake-api.ts';
import { LANGUAGES, messages, renderApp, resetDom } from './render-app.tsx';
import { user } from './user.ts';

afterEach(resetDom);

describe.each(LANGUAGES)('enrollment (%s)', (language) => {
  const m = messages(language);

  it('submits the typed ID with Enter, normalized', async () => {
    const { api } = await renderApp(makeSnapshot(), language);
    const u = user();
    await u.type(screen.getByLabelText(m.enroll.label), 'ABCD-EFGH-JK12{Enter}');
    expect(api.called('enroll')).toEqual([['abcdefghjk12']]);
  });

  it('refuses a malformed ID with an explanation tied to the field', async () => {
    const { api } = await renderApp(makeSnapshot(), language);
    const input = screen.getByLabelText(m.enroll.label);
    await user().type(input, 'nope{Enter}');
    expect(api.called('enroll')).toEqual([]);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(m.enroll.invalid);
    expect(input.getAttribute('aria-describedby')).toContain(alert.id);
  });

  it('shows an ID set by IT read-only with a note, and only looks it up again', async () => {
    const { api } = await renderApp(
      makeSnapshot({
        enrollment: {
          status: 'error',
          enterprise_id: 'abcdefghjk12',
          enterprise_id_locked: true,
          error: failure(
            'CONTROL_PLANE_UNREACHABLE',
            'Cannot reach the server',
            'Check the network',
          ),
        },
      }),
      language,
    );
    const input = screen.getByLabelText(m.enroll.label) as HTMLInputElement;
    expect(input.readOnly).toBe(true);
    expect(input.value).toBe('abcdefghjk12');
    expect(screen.getByText(m.enroll.locked)).toBeTruthy();
    expect(screen.getByTestId('error-code').textContent).toBe('CONTROL_PLANE_UNREACHABLE');
    expect(screen.getByTestId('error-fix').textContent).toBe('Check the network');
    await user().click(screen.getByRole('button', { name: m.error.retry }));
    expect(api.called('enroll')).toEqual([]);
    expect(api.called('refresh')).toHaveLength(1);
  });

  it('asks for the control-plane address first when none is configured', async () => {
    const { api } = await renderApp(
      makeSnapshot({ enrollment: { control_plane_url: null } }),
      language,
    );
    const u = user();
    await u.type(screen.getByLabelText(m.settings.controlPlane), 'http://cp.example.com');
    await u.type(screen.getByLabelText(m.enroll.label), 'abcdefghjk12{Enter}');
    expect(screen.getByText(m.settings.controlPlaneInvalid)).toBeTruthy();
    expect(api.calls).toHaveLength(1); // getState only
    await u.clear(screen.getByLabelText(m.settings.controlPlane));
    await u.type(screen.getByLabelText(m.settings.controlPlane), 'https://cp.example.com');
    await u.type(screen.getByLabelText(m.enroll.label), '{Enter}');
    await waitFor(() => expect(api.called('enroll')).toEqual([['abcdefghjk12']]));
    expect(api.calls.map((c) => c.method)).toEqual(['getState', 'setControlPlaneUrl', 'enroll']);
    expect(api.called('setControlPlaneUrl')).toEqual([['https://cp.example.com']]);
  });

  it('does not ask for the address when it is set (or locked)', async () => {
    await renderApp(makeSnapshot(), language);
    expect(screen.queryByLabelText(m.settings.controlPlane)).toBeNull();
  });

  it('shows an unknown ID refusal with its code and fix', async () => {
    const { api } = await renderApp(makeSnapshot(), language);
    api.next.set('enroll', {
      ok: false,
      error: failure('DISCOVERY_UNKNOWN_ENTERPRISE', 'Unknown ID', 'Ask IT for the ID'),
    });
    await user().type(screen.getByLabelText(m.enroll.label), 'abcdefghjk12{Enter}');
    expect((await screen.findByTestId('error-code')).textContent).toBe(
      'DISCOVERY_UNKNOWN_ENTERPRISE',
    );
    expect(screen.getByTestId('error-fix').textContent).toBe('Ask IT for the ID');
  });
});

describe.each(LANGUAGES)('sign-in (%s)', (language) => {
  const m = messages(language);
  const brand = m.brand.feishu;

  it('lets the person pick one of several sources, each under its login title', async () => {
    const { api } = await renderApp(
      makeSnapshot(enrolled([source('s1', 'Employees'), source('s2', 'Contractors')])),
      language,
    );
    await user().click(screen.getByRole('radio', { name: /Contractors/ }));
    await user().click(screen.getByRole('button', { name: m.source.submit }));
    expect(api.called('chooseSource')).toEqual([['s2']]);
  });

  it('offers browser and QR tabs, switched with the arrow keys', async () => {
    const { api } = await renderApp(makeSnapshot(enrolled()), language);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      m.signIn.browserTab.replace('{{brand}}', brand),
      m.signIn.qrTab,
    ]);
    const u = user();
    tabs[0]!.focus();
    await u.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(tabs[1]);
    expect(tabs[1]!.getAttribute('aria-selected')).toBe('true');
    const panel = screen.getByRole('tabpanel');
    await u.click(within(panel).getByRole('button', { name: m.signIn.qrButton }));
    expect(api.called('startQrSignIn')).toEqual([['s1']]);
    await u.click(
      screen.getByRole('tab', { name: m.signIn.browserTab.replace('{{brand}}', brand) }),
    );
    await u.click(screen.getByRole('button', { name: m.signIn.browserButton }));
    expect(api.called('startBrowserSignIn')).toEqual([['s1']]);
  });

  it('has no QR tab when the source does not offer it', async () => {
    await renderApp(
      makeSnapshot(enrolled([source('s1', 'Only browser', { qr_login: false })])),
      language,
    );
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.getByRole('button', { name: m.signIn.browserButton })).toBeTruthy();
  });

  it('hides "use a different enterprise ID" when IT set it', async () => {
    await renderApp(makeSnapshot(enrolled(undefined, { enterprise_id_locked: true })), language);
    expect(screen.queryByRole('button', { name: m.source.changeEnterprise })).toBeNull();
  });

  it('tells the person the session stays in memory when there is no keychain', async () => {
    await renderApp(makeSnapshot({ ...enrolled(), keychain: { available: false } }), language);
    expect(screen.getByText(m.signIn.memoryOnly)).toBeTruthy();
  });

  it('waits with cancel (button and Esc) and "open again"', async () => {
    const { api } = await renderApp(
      makeSnapshot({
        ...enrolled(),
        sign_in: {
          phase: 'waiting_browser',
          method: 'browser',
          source_id: 's1',
          authorize_url: 'https://x',
        },
      }),
      language,
    );
    expect(screen.getByRole('status').textContent).toContain(m.waiting.status);
    const u = user();
    await u.click(screen.getByRole('button', { name: m.waiting.reopen }));
    expect(api.called('reopenBrowser')).toHaveLength(1);
    await u.keyboard('{Escape}');
    await u.click(screen.getByRole('button', { name: m.waiting.cancel }));
    expect(api.called('cancelSignIn')).toHaveLength(2);
  });

  it('says where the QR code is: its own window in Electron, a new tab under the bridge', async () => {
    const qr = (shell: 'electron' | 'browser-bridge') =>
      makeSnapshot({
        ...enrolled(),
        app: { shell },
        sign_in: {
          phase: 'waiting_qr',
          method: 'qr',
          source_id: 's1',
          qr_url: 'https://cp.example/qr/1',
        },
      });
    const first = await renderApp(qr('electron'), language);
    expect(screen.getByText(m.waiting.qrWindowBody)).toBeTruthy();
    expect(screen.queryByRole('link', { name: m.waiting.qrNewTab })).toBeNull();
    first.unmount();
    await renderApp(qr('browser-bridge'), language);
    expect(screen.getByText(m.waiting.qrTabBody)).toBeTruthy();
    const link = screen.getByRole('link', { name: m.waiting.qrNewTab });
    expect(link.getAttribute('href')).toBe('https://cp.example/qr/1');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('moves on when main pushes the signed-in state', async () => {
    const { api } = await renderApp(
      makeSnapshot({ ...enrolled(), sign_in: { phase: 'waiting_browser', source_id: 's1' } }),
      language,
    );
    api.push(signedIn({ revision: 2, app: { locale: language } }));
    expect(
      (await screen.findByRole('heading', { level: 1, name: /Ada Lovelace/ })).textContent,
    ).toBe(m.home.greeting.replace('{{name}}', 'Ada Lovelace'));
  });
});
