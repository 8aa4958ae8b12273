import type { FastifyRequest } from 'fastify';
import { pickLocale } from '../../shared/domain/locale.ts';

export const localeOf = (req: FastifyRequest) => pickLocale(req.headers['accept-language']);
