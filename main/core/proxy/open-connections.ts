// The connections the proxy holds open (CONNECT tunnels and HTTP exchanges in flight), so that
// a change of entitlements closes the ones that are no longer allowed instead of letting them
// run on. Each entry remembers the address it connected to, so the re-check needs no DNS.
import type { DestinationProtocol } from '../../../shared/domain/policy/ports.ts';

export interface OpenConnection {
  via: 'http' | 'connect';
  host: string;
  port: number;
  protocol: DestinationProtocol;
  address: string;
  close(): void;
}

export class OpenConnections {
  readonly #open = new Set<OpenConnection>();
  #tunnels = 0;

  add(c: OpenConnection): () => void {
    this.#open.add(c);
    if (c.via === 'connect') this.#tunnels++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.#open.delete(c);
      if (c.via === 'connect') this.#tunnels--;
    };
  }

  get size(): number {
    return this.#open.size;
  }

  get tunnels(): number {
    return this.#tunnels;
  }

  /** Closes every connection `refuse` picks; returns the closed ones. */
  closeWhere(refuse: (c: OpenConnection) => boolean): OpenConnection[] {
    const closed: OpenConnection[] = [];
    for (const c of [...this.#open]) {
      if (!refuse(c)) continue;
      closed.push(c);
      c.close();
    }
    return closed;
  }

  closeAll(): void {
    for (const c of [...this.#open]) c.close();
  }
}
