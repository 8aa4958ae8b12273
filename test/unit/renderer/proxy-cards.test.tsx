// @vitest-environment jsdom
// The signed-in screen's access-protection cards: "recently blocked" (destination, application,
// policy, reason, time; pushed by main, refreshable by keyboard, the count announced) and the
// local proxy's state (port, what it enforces, the browsers' setting, the PAC address where it
// has to be set by hand), in both languages and without accessibility violations.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeniedDecisionView } from '../../../shared/ipc/contract.ts';
import { signedIn } from './fake-api.ts';
import { expectAccessible, LANGUAGES, messages, renderApp, resetDom } from './render-app.tsx';
import { user } from './user.ts';

afterEach(resetDom);

const decision = (over: Partial<DeniedDecisionView> = {}): DeniedDecisionView => ({
  via: 'http',
  host: 'ops.corp.example',
  port: 443,
  app_id: 'app-ops',
  app_name: 'Ops board',
  policy_name: 'Contractors: no ops tools',
  reason_code: 'matched_deny',
  reason: 'Denied by the policy "Contractors: no ops tools".',
  closed_open_connection: false,
  first_at: '2026-11-22T01:00:00Z',
  last_at: '2026-11-22T01:05:00Z',
  count: 3,
  ...over,
});

describe.each(LANGUAGES)('access protection (%s)', (language) => {
  const m = messages(language);
  const denied = m.proxy.denied;

  it('lists blocked destinations with application, policy, reason and time, live from main', async () => {
    const { api } = await renderApp(signedIn(), language);
    const card = screen.getByRole('region', { name: denied.title });
    expect(within(card).getByRole('status').textContent).toBe(denied.empty);
    expect(api.called('recentDenied').length).toBeGreaterThan(0);

    api.pushDenied([
      decision(),
      decision({
        via: 'connect',
        host: '10.2.3.4',
        port: 22,
        app_id: 'app-ssh',
        app_name: null,
        policy_name: null,
        reason_code: 'default_deny',
        reason: 'No policy gives you access to this application.',
        closed_open_connection: true,
        count: 1,
      }),
    ]);
    const items = await within(card).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    const first = within(items[0]!);
    expect(first.getByText('ops.corp.example:443')).toBeTruthy();
    expect(first.getByText('Ops board')).toBeTruthy();
    expect(first.getByText('Contractors: no ops tools')).toBeTruthy();
    expect(first.getByText(/Denied by the policy/)).toBeTruthy();
    const when = items[0]!.querySelector('time');
    expect(when?.getAttribute('dateTime')).toBe('2026-11-22T01:05:00Z');
    if (language === 'en') expect(when?.textContent).toContain('(3 times)');
    const second = within(items[1]!);
    expect(second.getByText(denied.unnamedApp.replace('{{id}}', 'app-ssh'))).toBeTruthy();
    expect(second.getByText(denied.noPolicy)).toBeTruthy();
    expect(second.getByText(denied.via.connect)).toBeTruthy();
    expect(second.getByText(denied.closed)).toBeTruthy();
    expect(within(card).getByRole('status').textContent).not.toBe(denied.empty);
    await expectAccessible();
  });

  it('refreshes the list from the keyboard', async () => {
    const { api } = await renderApp(signedIn(), language);
    const before = api.called('recentDenied').length;
    api.denied = [decision()];
    const refresh = screen.getByRole('button', { name: denied.refresh });
    refresh.focus();
    await user().keyboard('{Enter}');
    await waitFor(() => expect(api.called('recentDenied').length).toBe(before + 1));
    expect(await screen.findByText('ops.corp.example:443')).toBeTruthy();
  });

  it('shows the proxy port, what it enforces and the browsers setting; the PAC address when set by hand', async () => {
    const first = await renderApp(
      signedIn({ proxy: { mode: 'entitlements', system_proxy: 'applied' } }),
      language,
    );
    const card = screen.getByRole('region', { name: m.proxy.title });
    expect(
      within(card).getByText(m.proxy.status.running.replace('{{port}}', '18080')),
    ).toBeTruthy();
    expect(within(card).getByText(m.proxy.modes.entitlements)).toBeTruthy();
    expect(within(card).getByText(m.proxy.systemStatus.applied)).toBeTruthy();
    expect(within(card).queryByText('http://127.0.0.1:18080/proxy.pac')).toBeNull();
    first.unmount();

    await renderApp(
      signedIn({
        proxy: {
          system_proxy: 'failed',
          system_proxy_error: { code: 'SYSTEM_PROXY_FAILED', message: 'Could not', fix: 'Ask IT' },
        },
      }),
      language,
    );
    const again = screen.getByRole('region', { name: m.proxy.title });
    expect(within(again).getByText('http://127.0.0.1:18080/proxy.pac')).toBeTruthy();
    expect(within(again).getByText(m.proxy.modes.deny_all)).toBeTruthy();
    expect(within(again).getByText(/SYSTEM_PROXY_FAILED/)).toBeTruthy();
    await expectAccessible();
  });
});
