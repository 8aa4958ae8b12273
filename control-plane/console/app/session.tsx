// The signed-in admin: read from auth/me on start, set by sign-in, cleared by sign-out and by
// any 401 (the session expired or was ended elsewhere). The CSRF token goes to the API client.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Admin, AdminSession } from '../api/types.ts';

export type SessionState =
  | { kind: 'loading' }
  /** keepPlace: come back to this address after signing in (not after signing out). */
  | { kind: 'signed-out'; expired: boolean; keepPlace: boolean }
  | { kind: 'signed-in'; admin: Admin };

interface SessionApi {
  state: SessionState;
  api: ApiClient;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** A 401 from any call: the session is gone. */
  expire(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider(props: {
  api: ApiClient;
  /** Lets the API client's 401 hook reach the provider. */
  registerExpiry: (expire: () => void) => void;
  children: ReactNode;
}) {
  const { api, registerExpiry } = props;
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const accept = useCallback(
    (session: AdminSession) => {
      api.setCsrfToken(session.csrf_token);
      setState({ kind: 'signed-in', admin: session.admin });
    },
    [api],
  );

  const expire = useCallback(() => {
    api.setCsrfToken(null);
    setState((prev) => ({
      kind: 'signed-out',
      expired: prev.kind === 'signed-in',
      keepPlace: true,
    }));
  }, [api]);

  useEffect(() => registerExpiry(expire), [registerExpiry, expire]);

  useEffect(() => {
    let live = true;
    api.get<AdminSession>('/auth/me').then(
      (session) => live && accept(session),
      () => live && setState({ kind: 'signed-out', expired: false, keepPlace: true }),
    );
    return () => {
      live = false;
    };
  }, [api, accept]);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      api,
      expire,
      signIn: async (email, password) =>
        accept(await api.post<AdminSession>('/auth/login', { email, password })),
      signOut: async () => {
        try {
          await api.post('/auth/logout');
        } finally {
          api.setCsrfToken(null);
          setState({ kind: 'signed-out', expired: false, keepPlace: false });
        }
      },
    }),
    [state, api, expire, accept],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The API client, for pages. */
export const useApi = (): ApiClient => useSession().api;

/** The signed-in admin (pages render only when signed in). */
export function useAdmin(): Admin {
  const { state } = useSession();
  if (state.kind !== 'signed-in') throw new Error('useAdmin while signed out');
  return state.admin;
}
