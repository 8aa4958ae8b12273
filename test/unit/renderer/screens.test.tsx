// @vitest-environment jsdom
// Every screen, in both languages: it renders its own words, and axe finds no serious or
// critical violation.
import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../renderer/app/api-client.ts';
import { App } from '../../../renderer/app/App.tsx';
import type { AppStateSnapshot } from '../../../shared/ipc/contract.ts';
import { enrolled, failure, makeSnapshot, signedIn, source } from './fake-api.ts';
import { expectAccessible, LANGUAGES, messages, renderApp, resetDom } from './render-app.tsx';
import { user } from './user.ts';

afterEach(resetDom);

type M = ReturnType<typeof messages>;
const cases: { name: string; snapshot: () => AppStateSnapshot; heading: (m: M) => string }[] = [
  { name: 'first run', snapshot: () => makeSnapshot(), heading: (m) => m.enroll.title },
  {
    name: 'choose source',
    snapshot: () =>
      makeSnapshot(enrolled([source('s1', 'Employees'), source('s2', 'Contractors')])),
    heading: (m) => m.source.title,
  },
  {
    name: 'sign in (login title of the source)',
    snapshot: () => makeSnapshot(enrolled([source('s1', 'Acme 员工登录')])),
    heading: () => 'Acme 员工登录',
  },
  {
    name: 'waiting for the browser',
    snapshot: () =>
      makeSnapshot({
        ...enrolled(),
        sign_in: {
          phase: 'waiting_browser',
          method: 'browser',
          source_id: 's1',
          authorize_url: 'https://x',
        },
      }),
    heading: (m) => m.waiting.browserTitle,
  },
  {
    name: 'waiting for the QR scan',
    snapshot: () =>
      makeSnapshot({
        ...enrolled(),
        sign_in: { phase: 'waiting_qr', method: 'qr', source_id: 's1' },
      }),
    heading: (m) => m.waiting.qrTitle,
  },
  {
    name: 'signed in',
    snapshot: () => signedIn(),
    heading: (m) => m.home.greeting.replace('{{name}}', 'Ada Lovelace'),
  },
  {
    name: 'sign-in error',
    snapshot: () =>
      makeSnapshot({
        ...enrolled(),
        sign_in: { phase: 'error', error: failure('FEISHU_40004', 'No permission', 'Widen scope') },
      }),
    heading: (m) => m.error.title,
  },
  {
    name: 'revoked',
    snapshot: () =>
      makeSnapshot({
        ...enrolled(),
        sign_in: { phase: 'revoked', error: failure('SESSION_REVOKED') },
      }),
    heading: (m) => m.error.revokedTitle,
  },
  {
    name: 'no sign-in method',
    snapshot: () => makeSnapshot(enrolled([])),
    heading: (m) => m.error.title,
  },
];

describe.each(LANGUAGES)('screens in %s', (language) => {
  const m = messages(language);

  it.each(cases)('$name', async ({ snapshot, heading }) => {
    await renderApp(snapshot(), language);
    const h1 = screen.getByRole('heading', { level: 1 });
    expect(h1.textContent).toBe(heading(m));
    // The screen's title takes the focus so a screen reader starts there.
    expect(document.activeElement).toBe(h1);
    expect(document.documentElement.lang).toBe(language);
    expect(screen.getByRole('banner').textContent).toContain(m.app.tagline);
    await expectAccessible();
  });

  it('settings', async () => {
    await renderApp(signedIn(), language);
    await user().click(screen.getByRole('button', { name: new RegExp(m.app.settings) }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(m.settings.title);
    expect(screen.getByLabelText(m.settings.language)).toBeTruthy();
    expect(screen.getByText(m.settings.version.replace('{{version}}', '0.1.0'))).toBeTruthy();
    await expectAccessible();
  });

  it('main cannot be reached', async () => {
    render(<App api={createApiClient(undefined)} initialLanguage={language} />);
    const h1 = await screen.findByRole('heading', { level: 1 });
    expect(h1.textContent).toBe(m.error.title);
    expect(within(screen.getByRole('alert')).getByText(m.errorCodes.ipcUnavailable)).toBeTruthy();
    expect(screen.getByTestId('error-code').textContent).toBe('RENDERER_IPC_UNAVAILABLE');
    await expectAccessible();
  });
});
