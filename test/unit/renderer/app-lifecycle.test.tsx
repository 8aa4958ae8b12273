// @vitest-environment jsdom
// The root as main.tsx mounts it (StrictMode runs effects twice): one live subscription, the
// pushed state shown, nothing left subscribed after unmount.
import { render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/app/App.tsx';
import { en } from '../../../renderer/i18n/en.ts';
import { enrolled, failure, FakeApi, makeSnapshot } from './fake-api.ts';
import { resetDom } from './render-app.tsx';

afterEach(resetDom);

describe('app lifecycle', () => {
  it('follows pushes under StrictMode and unsubscribes on unmount', async () => {
    const api = new FakeApi(makeSnapshot());
    const view = render(
      <StrictMode>
        <App api={api} initialLanguage="en" />
      </StrictMode>,
    );
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe(en.enroll.title);
    expect(api.listenerCount).toBe(1);
    api.push(
      makeSnapshot({
        revision: 2,
        ...enrolled(),
        sign_in: {
          phase: 'signed_out',
          error: failure('SESSION_EXPIRED', 'Your session ended.', null),
        },
      }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Acme' })).toBeTruthy();
    // A session that ended without the person asking says why, on the sign-in screen.
    expect(screen.getByTestId('error-code').textContent).toBe('SESSION_EXPIRED');
    expect(screen.getByText('Your session ended.')).toBeTruthy();
    view.unmount();
    expect(api.listenerCount).toBe(0);
  });

  it('uses the browser locale until main says otherwise', async () => {
    const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages');
    Object.defineProperty(navigator, 'languages', { value: ['zh-CN', 'en'], configurable: true });
    try {
      const api = new FakeApi(makeSnapshot());
      // getState never answers: the loading text shows in the browser's language.
      api.getState = () => new Promise(() => {});
      render(<App api={api} />);
      expect(screen.getByRole('status').textContent).toBe('正在启动…');
      expect(document.documentElement.lang).toBe('zh-CN');
    } finally {
      delete (navigator as { languages?: unknown }).languages;
      if (languages) Object.defineProperty(Navigator.prototype, 'languages', languages);
    }
  });
});
