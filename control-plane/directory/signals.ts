// Signals a committed directory change raises for the layers above it: a user was disabled
// (sign-in revokes their sessions) or a user's departments or mapped attributes changed
// (entitlements are recomputed). Raised only after the transaction committed, never for a
// change that was rolled back or held. In process for now: subscribers are called in order,
// and one that throws is logged and does not stop the others or the sync.
import type { DisableReason } from './change-set.ts';

/** 'deleted': the user left the scope long enough ago to be removed from the directory. */
export type UserDisabledSignalReason = DisableReason | 'deleted';

export interface SignalContext {
  tenantId: string;
  sourceId: string;
  /** The directory version the change produced. */
  directoryVersion: number;
}

/** What a consumer implements; either method may be left out. */
export interface DirectorySignalListener {
  /** userId is directory_users.id. */
  onUserDisabled?(
    userId: string,
    reason: UserDisabledSignalReason,
    context: SignalContext,
  ): void | Promise<void>;
  onUserAttributesChanged?(userId: string, context: SignalContext): void | Promise<void>;
}

export interface DirectorySignals {
  onUserDisabled(
    userId: string,
    reason: UserDisabledSignalReason,
    context: SignalContext,
  ): Promise<void>;
  onUserAttributesChanged(userId: string, context: SignalContext): Promise<void>;
  /** Adds a listener; the returned function removes it. */
  subscribe(listener: DirectorySignalListener): () => void;
}

export interface SignalErrorLogger {
  error(details: Record<string, unknown>, message: string): void;
}

export function createDirectorySignals(logger?: SignalErrorLogger): DirectorySignals {
  const listeners = new Set<DirectorySignalListener>();

  async function deliver(
    signal: string,
    userId: string,
    call: (l: DirectorySignalListener) => void | Promise<void>,
  ): Promise<void> {
    for (const listener of [...listeners]) {
      try {
        await call(listener);
      } catch (err) {
        logger?.error(
          { signal, userId, err: { message: (err as Error)?.message ?? String(err) } },
          'directory signal listener failed',
        );
      }
    }
  }

  return {
    onUserDisabled: (userId, reason, context) =>
      deliver('user_disabled', userId, (l) => l.onUserDisabled?.(userId, reason, context)),
    onUserAttributesChanged: (userId, context) =>
      deliver('user_attributes_changed', userId, (l) =>
        l.onUserAttributesChanged?.(userId, context),
      ),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
