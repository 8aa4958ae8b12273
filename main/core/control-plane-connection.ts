// The client core's one control-plane client: built for the URL the settings name (with their
// extra CA file), rebuilt when that URL changes, and the old one's connections closed then.
import { createControlPlaneApi, type ControlPlaneApi } from './control-plane-api.ts';
import {
  createControlPlaneHttp,
  type ControlPlaneHttp,
  type ControlPlaneHttpOptions,
} from './control-plane-http.ts';
import type { EffectiveSettings } from './settings.ts';

export interface ControlPlaneConnectionDeps {
  settings: () => EffectiveSettings;
  appVersion: string;
  locale: ControlPlaneHttpOptions['locale'];
  /** Builds the HTTP client for a control-plane URL (default: createControlPlaneHttp). */
  create?: (options: ControlPlaneHttpOptions) => ControlPlaneHttp;
}

export class ControlPlaneConnection {
  readonly #deps: ControlPlaneConnectionDeps;
  #current: { url: string; http: ControlPlaneHttp; api: ControlPlaneApi } | undefined;

  constructor(deps: ControlPlaneConnectionDeps) {
    this.#deps = deps;
  }

  /** The API of the configured control plane; undefined when none is configured. */
  api(): ControlPlaneApi | undefined {
    const settings = this.#deps.settings();
    const url = settings.controlPlaneUrl;
    if (!url) return undefined;
    if (this.#current?.url !== url) {
      this.#current?.http.close();
      const http = (this.#deps.create ?? createControlPlaneHttp)({
        baseUrl: url,
        appVersion: this.#deps.appVersion,
        extraCaFile: settings.extraCaCertificatesFile,
        locale: this.#deps.locale,
      });
      this.#current = { url, http, api: createControlPlaneApi(http) };
    }
    return this.#current.api;
  }

  close(): void {
    this.#current?.http.close();
  }
}
