// Route schemas of the public sign-in API; bodies and answers are the shared contract's.
import { z } from 'zod';
import {
  discoveryQuerySchema,
  discoveryResponseSchema,
} from '../../../shared/domain/auth/discovery.ts';
import {
  createLoginTransactionSchema,
  loginTransactionSchema,
} from '../../../shared/domain/auth/login-transaction.ts';
import { tokenRequestSchema, tokenResponseSchema } from '../../../shared/domain/auth/token.ts';

export const discoveryQuery = discoveryQuerySchema.strict();
export const discoveryResponse = discoveryResponseSchema.meta({ id: 'Discovery' });
export const createTransactionBody = createLoginTransactionSchema.meta({
  id: 'CreateLoginTransaction',
});
export const transactionResponse = loginTransactionSchema.meta({ id: 'LoginTransaction' });
export const tokenBody = tokenRequestSchema.meta({ id: 'TokenRequest' });
export const tokenResponse = tokenResponseSchema.meta({ id: 'TokenResponse' });

/** Browser-facing: anything that is not a transaction id is answered with the "not found" page. */
export const transactionParams = z.object({ transactionId: z.string().max(200) });

const str = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(4096).optional());
export const callbackQuery = z.object({
  code: str,
  state: str,
  error: str,
  error_description: str,
});

export const jwksResponse = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'JWKS' });
