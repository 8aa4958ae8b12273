// Enrollment: the enterprise verification ID a person types (or IT sets) is checked for its
// format, looked up on the control plane (discovery) and remembered in the settings. Errors
// keep the control plane's own code (unknown ID, no enabled method) or the transport's
// (unreachable, timeout, TLS), each with its fix.
import type { DiscoveryResponse } from '../../shared/domain/auth/discovery.ts';
import { normalizeVerificationId } from '../../shared/domain/verification-id.ts';
import { ClientCoreError } from './client-core-errors.ts';
import type { ControlPlaneApi } from './control-plane-api.ts';
import type { Settings } from './settings.ts';

export interface Enrolled {
  enterpriseId: string;
  discovery: DiscoveryResponse;
}

export class Enrollment {
  readonly #settings: Settings;
  readonly #api: () => ControlPlaneApi | undefined;

  constructor(settings: Settings, api: () => ControlPlaneApi | undefined) {
    this.#settings = settings;
    this.#api = api;
  }

  /** Checks the format, asks the control plane, and remembers the ID when it is known. */
  async enroll(input: string, signal?: AbortSignal): Promise<Enrolled> {
    const current = this.#settings.current();
    const enterpriseId = normalizeVerificationId(input.trim());
    if (!enterpriseId) {
      throw new ClientCoreError('ENROLL_INVALID_ID', { params: { input: input.slice(0, 64) } });
    }
    if (current.locked.includes('enterpriseId') && current.values.enterpriseId !== enterpriseId)
      throw new ClientCoreError('ENROLL_LOCKED');
    const discovery = await this.discover(enterpriseId, signal);
    if (!current.locked.includes('enterpriseId')) this.#settings.update({ enterpriseId });
    return { enterpriseId, discovery };
  }

  /** Discovery for an ID already known (start, refresh). */
  async discover(enterpriseId: string, signal?: AbortSignal): Promise<DiscoveryResponse> {
    const api = this.#api();
    if (!api) throw new ClientCoreError('ENROLL_NO_CONTROL_PLANE');
    return api.discovery(enterpriseId, signal);
  }

  /** Forgets the ID the person chose (an ID set by IT cannot be forgotten). */
  reset(): void {
    if (this.#settings.current().locked.includes('enterpriseId'))
      throw new ClientCoreError('ENROLL_LOCKED');
    this.#settings.update({ enterpriseId: null, lastSourceId: null });
  }
}
