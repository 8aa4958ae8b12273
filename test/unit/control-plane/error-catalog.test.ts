import { describe, expect, it } from 'vitest';
import {
  AppError,
  errorBody,
  errorCatalog,
  isErrorCode,
} from '../../../shared/domain/errors/index.ts';
import { pickLocale } from '../../../shared/domain/locale.ts';

describe('error catalog', () => {
  it('gives every code an HTTP error status and non-empty, distinct en and zh-CN texts', () => {
    for (const [code, def] of Object.entries(errorCatalog)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(def.status, code).toBeGreaterThanOrEqual(400);
      expect(def.status, code).toBeLessThan(600);
      for (const text of [def.message, 'fix' in def ? def.fix : undefined].filter(Boolean)) {
        expect(text!.en.length, code).toBeGreaterThan(5);
        expect(text!['zh-CN'], code).toMatch(/[\u4e00-\u9fff]/);
        // Placeholders must match between the two languages.
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(holes(text!['zh-CN']), code).toEqual(holes(text!.en));
      }
    }
  });

  it('builds the answer body in the chosen language, with both messages and the fix', () => {
    const body = errorBody('RATE_LIMITED', 'zh-CN', { retryAfterSeconds: 12 }, { scope: 'login' });
    expect(body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: '请求过于频繁，请在 12 秒后重试。',
        messages: {
          en: 'Too many requests. Try again in 12 seconds.',
          'zh-CN': '请求过于频繁，请在 12 秒后重试。',
        },
        details: { scope: 'login' },
      },
    });
    expect(errorBody('AUTH_CSRF_INVALID', 'en').error.fix).toMatch(/X-CSRF-Token/);
  });

  it('carries code, status and params on AppError', () => {
    const err = new AppError('SOURCE_SCHEDULE_INVALID', { params: { reason: 'too often' } });
    expect(err).toMatchObject({
      code: 'SOURCE_SCHEDULE_INVALID',
      status: 400,
      message: 'The sync schedule is not valid: too often.',
    });
    expect(isErrorCode('SOURCE_NOT_FOUND')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});

describe('pickLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr-FR,zh-CN;q=0.5', 'zh-CN'],
    ['zh-CN;q=0, en;q=0.1', 'en'],
    ['de', 'en'],
    ['*', 'en'],
  ])('%s -> %s', (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });
});
