/// <reference types="vite/client" />
import type { GatehouseApi } from '../shared/ipc/contract.ts';

declare global {
  interface Window {
    gatehouse: GatehouseApi;
  }
}
