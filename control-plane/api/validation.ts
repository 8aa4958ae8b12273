// Route input validation with the zod schemas declared on each route. Unlike the stock
// compiler, each problem keeps its field path and gets its message in both languages now,
// while the input is at hand (zod's zh-CN locale needs it); the input itself is never kept.
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { LocalizedText } from '../../shared/domain/errors/index.ts';

export interface FieldProblem {
  /** Where the field was: body, querystring, params or headers. */
  in: string;
  /** Dotted path inside it ("" for the whole part). */
  path: string;
  code: string;
  messages: LocalizedText;
}

export class RequestValidationError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  validationContext?: string;
  readonly problems: Omit<FieldProblem, 'in'>[];
  constructor(problems: Omit<FieldProblem, 'in'>[]) {
    super('request validation failed');
    this.name = 'RequestValidationError';
    this.problems = problems;
  }
}

const zhCN = z.locales.zhCN().localeError;

function localize(issue: z.core.$ZodIssue & { input?: unknown }): LocalizedText {
  let zh: string | undefined;
  try {
    const r = zhCN(issue as unknown as Parameters<typeof zhCN>[0]);
    zh = typeof r === 'string' ? r : r?.message;
  } catch {
    zh = undefined;
  }
  return { en: issue.message, 'zh-CN': zh ?? issue.message };
}

export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    const problems = result.error.issues.slice(0, 50).map((issue) => ({
      path: issue.path.map(String).join('.'),
      code: issue.code,
      messages: localize(issue as z.core.$ZodIssue & { input?: unknown }),
    }));
    return { error: new RequestValidationError(problems) };
  };
