// Keep-alive agents per route (direct or through one proxy), each carrying the trusted CA list
// so TLS through a CONNECT tunnel checks the control plane's certificate like a direct one.
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { nodeHttp } from './node-http.ts';

export interface AgentPair {
  http: HttpAgent;
  https: HttpsAgent;
}

const AGENT_OPTIONS = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 16, maxFreeSockets: 4 };

export class AgentPool {
  readonly #ca: string[] | undefined;
  readonly #pairs = new Map<string, AgentPair>();

  constructor(ca: string[] | undefined) {
    this.#ca = ca;
  }

  /** The agents for a proxy URL, or for direct connections when it is undefined. */
  forProxy(proxyUrl: string | undefined): AgentPair {
    const key = proxyUrl ?? 'direct';
    let pair = this.#pairs.get(key);
    if (!pair) {
      pair = proxyUrl ? this.#proxied(proxyUrl) : this.#direct();
      this.#pairs.set(key, pair);
    }
    return pair;
  }

  destroy(): void {
    for (const pair of this.#pairs.values()) {
      pair.http.destroy();
      pair.https.destroy();
    }
    this.#pairs.clear();
  }

  #direct(): AgentPair {
    const tlsOptions = this.#ca ? { ca: this.#ca } : {};
    return {
      http: new nodeHttp.Agent(AGENT_OPTIONS),
      https: new HttpsAgent({ ...AGENT_OPTIONS, ...tlsOptions }),
    };
  }

  #proxied(proxy: string): AgentPair {
    // An https:// proxy is itself checked against the same trust list.
    const proxyRequestOptions = this.#ca ? { ca: this.#ca } : {};
    const tlsOptions = this.#ca ? { ca: this.#ca } : {};
    return {
      http: new HttpProxyAgent({ ...AGENT_OPTIONS, proxy, proxyRequestOptions }),
      https: new HttpsProxyAgent({ ...AGENT_OPTIONS, ...tlsOptions, proxy, proxyRequestOptions }),
    };
  }
}
