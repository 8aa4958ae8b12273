// Route schemas of access gateways: their keys (admin) and the decision endpoints.
import { z } from 'zod';
import { REASON_CODES } from '../../../shared/domain/policy/index.ts';
import { GATEWAY_AUTH_REASONS } from '../../gateway/gateway-decision.ts';
import { plainText, timestamp, uuid } from './common.ts';

export const gatewayKeyParams = z.object({ tenantId: uuid, keyId: uuid });
export const gatewayKeyBody = z.strictObject({ name: plainText(1, 100) });
export const gatewayKeyView = z.object({
  id: uuid,
  name: z.string(),
  prefix: z.string(),
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});
export const gatewayKeyCreated = gatewayKeyView.extend({
  key: z.string().meta({ description: 'Shown once: configure the gateway with it' }),
});
export const gatewayKeyList = z.object({ items: z.array(gatewayKeyView) });

export const gatewayKeyHeader = 'x-gatehouse-gateway-key';
export const gatewayHeaders = z
  .object({ [gatewayKeyHeader]: z.string().max(200).optional() })
  .passthrough();

export const decideBody = z.strictObject({
  access_token: z.string().max(8192),
  host: z.string().min(1).max(300),
  port: z.int().min(1).max(65535),
  path: z.string().max(8192).default('/'),
  method: z.string().max(16).optional(),
  protocol: z.enum(['http', 'https', 'tcp', 'udp', 'any']).default('any'),
});

export const decisionResponse = z.object({
  decision: z.enum(['allow', 'deny']),
  reason: z.enum([...REASON_CODES, ...GATEWAY_AUTH_REASONS]),
  reason_text: z.object({ en: z.string(), 'zh-CN': z.string() }),
  authenticated: z.boolean(),
  policy: z.object({ id: z.string(), name: z.string() }).nullable(),
  application_id: z.string().nullable(),
  user: z.object({ id: uuid, name: z.string(), email: z.string().nullable() }).nullable(),
  session_id: uuid.nullable(),
  error_code: z.string().optional(),
});
