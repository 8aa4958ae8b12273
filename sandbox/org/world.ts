// STUB: replaced by the org generator's real implementation.
import type { OrgStore } from './org-store.ts';
import type { Brand } from './types.ts';

export type OrgPreset = 'tiny' | 'small' | 'medium' | 'large';

export interface WorldApp {
  app_id: string;
  app_secret: string;
  encrypt_key: string;
  verification_token: string;
  brand: Brand;
  tenant_key: string;
}

export interface WorldUser {
  name: string;
  email: string;
  mobile: string;
  password: string;
  union_id: string;
  tenant_key: string;
  departments: string[];
  status: string;
}

export interface World {
  tenantKey: string;
  apps: WorldApp[];
  sampleUsers: WorldUser[];
}

export async function buildWorld(
  _store: OrgStore,
  _org: OrgPreset | string,
  _seed: number,
): Promise<World> {
  return { tenantKey: '', apps: [], sampleUsers: [] };
}
