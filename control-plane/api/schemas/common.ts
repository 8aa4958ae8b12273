// Schemas shared by every route: the error answer, paging, ids, timestamps.
import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable error code from the catalog' }),
      message: z.string().meta({ description: 'The message in the language of Accept-Language' }),
      messages: z.object({ en: z.string(), 'zh-CN': z.string() }),
      fix: z.string().optional(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** Error answers a route can give, for the OpenAPI document (and the response encoder). */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, errorSchema])) as Record<number, typeof errorSchema>;

/** The answers every signed-in route can give besides its own. */
export const AUTHED_ERRORS = [400, 401, 403, 404, 429] as const;

export const noContent = z.null().meta({ description: 'No content' });

export const uuid = z.uuid();
export const timestamp = z.iso.datetime({ offset: true });

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
};

/** An opaque keyset cursor (base64url) as a list handed it out in next_cursor. */
export const cursorParam = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a next_cursor value');

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });

/** Free text without control characters, trimmed, NFC-normalized. */
export const plainText = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters'),
    );

export const booleanQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
