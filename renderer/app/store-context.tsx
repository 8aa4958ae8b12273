// The store reaches screens through context (not a module singleton) so each test renders
// its own app with its own fake api-client.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ClientActions, ClientState, ClientStore } from '../state/client-store.ts';

const StoreContext = createContext<ClientStore | null>(null);

export function StoreProvider({ store, children }: { store: ClientStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useClient<T>(selector: (state: ClientState & ClientActions) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useClient outside StoreProvider');
  return useStore(store, selector);
}
