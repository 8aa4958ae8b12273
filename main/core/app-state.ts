// The client core's state, as plain data plus the errors to show, in one store that emits
// 'change' after each update. The IPC layer turns it into the contract's snapshot
// (app-state-view.ts) and mirrors it to the renderer; the tray reads it too.
import { EventEmitter } from 'node:events';
import type { DiscoverySource } from '../../shared/domain/auth/discovery.ts';
import type { Profile } from '../../shared/domain/auth/token.ts';
import type { SignInPhase } from '../../shared/ipc/state.ts';
import type { ClientError } from './client-error.ts';

export type EnrollmentStatus = 'none' | 'discovering' | 'enrolled' | 'error';
export type ConnectionStatus = 'unknown' | 'connecting' | 'online' | 'offline' | 'revoked';

export interface CoreState {
  enrollment: {
    status: EnrollmentStatus;
    tenantName: string | undefined;
    sources: DiscoverySource[];
    error: ClientError | undefined;
  };
  signIn: {
    phase: SignInPhase;
    method: 'browser' | 'qr' | undefined;
    sourceId: string | undefined;
    authorizeUrl: string | undefined;
    qrUrl: string | undefined;
    expiresAt: string | undefined;
    error: ClientError | undefined;
  };
  /** avatarDataUrl: the avatar fetched by the core (profile-avatar.ts), never a remote URL. */
  profile: (Profile & { signedInAt: string; avatarDataUrl?: string | undefined }) | undefined;
  connection: {
    status: ConnectionStatus;
    since: string | undefined;
    error: ClientError | undefined;
  };
  keychain: { available: boolean; error: ClientError | undefined };
}

export const initialCoreState = (): CoreState => ({
  enrollment: { status: 'none', tenantName: undefined, sources: [], error: undefined },
  signIn: {
    phase: 'idle',
    method: undefined,
    sourceId: undefined,
    authorizeUrl: undefined,
    qrUrl: undefined,
    expiresAt: undefined,
    error: undefined,
  },
  profile: undefined,
  connection: { status: 'unknown', since: undefined, error: undefined },
  keychain: { available: true, error: undefined },
});

type Patch = { [K in keyof CoreState]?: Partial<CoreState[K]> | undefined };

export class AppStateStore extends EventEmitter<{ change: [CoreState, number] }> {
  #state: CoreState = initialCoreState();
  #revision = 0;

  get state(): Readonly<CoreState> {
    return this.#state;
  }

  get revision(): number {
    return this.#revision;
  }

  /** Merges each section's fields; `profile: undefined` with the key present clears it. */
  update(patch: Patch): void {
    const next = { ...this.#state };
    for (const key of Object.keys(patch) as Array<keyof CoreState>) {
      const value = patch[key];
      if (key === 'profile') {
        next.profile = value as CoreState['profile'];
        continue;
      }
      (next as Record<string, unknown>)[key] = { ...this.#state[key], ...value };
    }
    this.#state = next;
    this.#revision++;
    this.emit('change', this.#state, this.#revision);
  }

  /** A change outside this store (settings, entitlements) that the snapshot shows. */
  touch(): void {
    this.#revision++;
    this.emit('change', this.#state, this.#revision);
  }
}
