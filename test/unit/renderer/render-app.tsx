// Renders the whole renderer against a FakeApi in jsdom, in a pinned language, and checks a
// screen with axe-core. Shared by the screen tests.
import { cleanup, render, screen } from '@testing-library/react';
import axe from 'axe-core';
import { expect } from 'vitest';
import { App } from '../../../renderer/app/App.tsx';
import { en } from '../../../renderer/i18n/en.ts';
import type { UiLanguage } from '../../../renderer/i18n/locale.ts';
import { zhCN } from '../../../renderer/i18n/zh-CN.ts';
import type { AppStateSnapshot } from '../../../shared/ipc/contract.ts';
import { FakeApi } from './fake-api.ts';

export const LANGUAGES: UiLanguage[] = ['en', 'zh-CN'];
export const messages = (language: UiLanguage) => (language === 'en' ? en : zhCN);

export async function renderApp(snapshot: AppStateSnapshot, language: UiLanguage = 'en') {
  const api = new FakeApi({ ...snapshot, app: { ...snapshot.app, locale: language } });
  const result = render(<App api={api} initialLanguage={language} />);
  // The first snapshot has arrived once a screen heading is shown.
  await screen.findByRole('heading', { level: 1 });
  return { api, ...result };
}

export function resetDom(): void {
  cleanup();
  document.documentElement.lang = '';
}

/** Serious and critical violations only; colour contrast cannot be computed in jsdom. */
export async function expectAccessible(): Promise<void> {
  const results = await axe.run(document, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  });
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
}
