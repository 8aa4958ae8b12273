// Renders the whole console in jsdom against a fake fetch (answers by method and path), in a
// pinned language, at an address under /console/.
import { cleanup, configure, render } from '@testing-library/react';
import { App } from '../../../control-plane/console/app/App.tsx';
import { createApiClient } from '../../../control-plane/console/api/client.ts';
import { createConsoleI18n } from '../../../control-plane/console/i18n/i18n.ts';
import type { ConsoleLanguage } from '../../../control-plane/console/i18n/language.ts';

// antd in jsdom on a busy two-core machine: a screen can take seconds to settle.
configure({ asyncUtilTimeout: 10_000 });

export type Answer = { status: number; body?: unknown };
export type Route = (body: unknown) => Answer;

export interface FakeServer {
  calls: { method: string; path: string; body: unknown; headers: Record<string, string> }[];
  fetch: typeof fetch;
}

/** routes: "POST /auth/login" -> answer; anything else is 404. */
export function fakeServer(routes: Record<string, Route>): FakeServer {
  const calls: FakeServer['calls'] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const path = url.pathname.replace('/api/v1/admin', '');
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body, headers: (init?.headers ?? {}) as Record<string, string> });
    const route = routes[`${method} ${path}`];
    const answer = route ? route(body) : { status: 404, body: { error: notFound } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { calls, fetch: fetchFn as typeof fetch };
}

const notFound = {
  code: 'NOT_FOUND',
  message: 'Not found',
  messages: { en: 'Not found', 'zh-CN': '未找到' },
};

export const errorAnswer = (
  status: number,
  code: string,
  en: string,
  zh: string,
  fix?: string,
) => ({
  status,
  body: { error: { code, message: en, messages: { en, 'zh-CN': zh }, ...(fix ? { fix } : {}) } },
});

export function renderConsole(server: FakeServer, language: ConsoleLanguage, path = '/console/') {
  window.history.replaceState(null, '', path);
  const i18n = createConsoleI18n(language);
  let expire = () => undefined as void;
  const api = createApiClient({
    fetch: server.fetch,
    language: () => i18n.language,
    onUnauthorized: () => expire(),
  });
  return render(
    <App
      api={api}
      i18n={i18n}
      registerExpiry={(fn) => {
        expire = fn;
      }}
    />,
  );
}

export function resetConsole(): void {
  cleanup();
  localStorage.clear();
}

/** antd reads matchMedia (responsive layout) and ResizeObserver, which jsdom lacks. */
export function stubMatchMedia(): void {
  if (!('ResizeObserver' in window))
    Object.defineProperty(window, 'ResizeObserver', {
      writable: true,
      value: class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    });
  if (typeof window.matchMedia === 'function') return;
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}
