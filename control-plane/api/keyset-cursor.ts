// Opaque keyset cursors for the console's lists: the sort key of the last row of a page,
// as base64url JSON. A cursor is parsed like any other input (a schema per list); one that does
// not parse is PAGE_CURSOR_INVALID, never a query with unchecked values.
import type { z } from 'zod';
import { AppError } from '../../shared/domain/errors/index.ts';

export const encodeCursor = (key: readonly unknown[]): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('PAGE_CURSOR_INVALID');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError('PAGE_CURSOR_INVALID');
  return parsed.data;
}
