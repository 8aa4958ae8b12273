// Injected faults: the rule schema (validated input of POST /sandbox/faults) and the matching
// of a request against the rules. Kept apart from the fastify wiring in faults.ts.
import { z } from 'zod';

export const FaultInput = z
  .object({
    path: z
      .string()
      .regex(/^\/\S*$/, 'path must start with "/"')
      .refine((p) => !p.startsWith('/sandbox'), 'faults never apply to /sandbox'),
    /** Match the path exactly instead of as a prefix. */
    exact: z.boolean().optional(),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    app_id: z.string().min(1).optional(),
    kind: z.enum(['latency', 'status', 'drop', 'rate_limit', 'invalid_token']),
    latency_ms: z.number().int().min(0).max(120_000).optional(),
    status: z.number().int().min(400).max(599).optional(),
    code: z.number().int().optional(),
    msg: z.string().max(500).optional(),
    times: z.number().int().min(1).max(1_000_000).optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((f) => f.kind !== 'latency' || f.latency_ms !== undefined, {
    message: 'latency faults need latency_ms',
    path: ['latency_ms'],
  });

export type FaultSpec = z.infer<typeof FaultInput>;

export interface Fault extends FaultSpec {
  id: string;
  /** How many more times it applies; undefined = until deleted. */
  remaining?: number;
  hits: number;
}

export interface RequestFacts {
  method: string;
  /** Path as received, and without the brand prefix ("/lark"). */
  path: string;
  unbrandedPath: string;
  appId?: string;
}

function pathMatches(rule: string, exact: boolean, path: string): boolean {
  return exact ? path === rule : path === rule || path.startsWith(rule);
}

/**
 * Whether a rule applies to a request. `appKnown` false means the caller's app cannot be told
 * yet (body not parsed): rules with an app_id are then left for a later phase.
 */
export function faultMatches(
  fault: Fault,
  req: RequestFacts,
  appKnown: boolean,
): 'yes' | 'no' | 'later' {
  const exact = fault.exact ?? false;
  if (
    !pathMatches(fault.path, exact, req.path) &&
    !pathMatches(fault.path, exact, req.unbrandedPath)
  ) {
    return 'no';
  }
  if (fault.method && fault.method !== req.method) return 'no';
  if (fault.app_id) {
    if (req.appId === undefined) return appKnown ? 'no' : 'later';
    if (fault.app_id !== req.appId) return 'no';
  }
  return 'yes';
}
