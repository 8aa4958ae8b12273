// The last entitlements the control plane gave this person, kept in memory and in the
// non-secret settings store so they stay usable offline, and after a restart, until they
// expire: at the document's valid_until, or maxAgeMs after it was fetched when it has none.
// The tenant's destination map (which addresses are private) is kept apart and outlives a
// sign-out: signed out, the local proxy must still know what to deny.
import { z } from 'zod';
import {
  destinationMapSchema,
  entitlementsSchema,
  type DestinationMap,
  type Entitlements,
} from '../../shared/domain/policy/entitlement-schemas.ts';
import type { KeyValueStore } from './settings.ts';

const CACHE_KEY = 'cache.entitlements';
const MAP_KEY = 'cache.destination-map';
export const DEFAULT_ENTITLEMENTS_MAX_AGE_MS = 24 * 3_600_000;

const cachedSchema = z.object({
  /** Whose list: control plane, enterprise and user, so another account never sees it. */
  owner: z.string(),
  fetched_at: z.number(),
  document: entitlementsSchema,
});
type Cached = z.infer<typeof cachedSchema>;
const cachedMapSchema = z.object({ owner: z.string(), map: destinationMapSchema });
type CachedMap = z.infer<typeof cachedMapSchema>;

export type EntitlementsStatus = 'none' | 'fresh' | 'cached' | 'expired' | 'unavailable';

export interface EntitlementsView {
  status: EntitlementsStatus;
  document: Entitlements | undefined;
  fetchedAt: number | undefined;
  /** When the list stops being usable (ms). */
  expiresAt: number | undefined;
}

export class EntitlementsCache {
  readonly #store: KeyValueStore;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  #current: Cached | undefined;
  #map: CachedMap | undefined;
  #fresh = false;
  #unavailable = false;

  constructor(store: KeyValueStore, now: () => number, maxAgeMs = DEFAULT_ENTITLEMENTS_MAX_AGE_MS) {
    this.#store = store;
    this.#now = now;
    this.#maxAgeMs = maxAgeMs;
  }

  /** Loads the stored list for this owner (at start, or after a restore while offline). */
  load(owner: string): void {
    const parsed = cachedSchema.safeParse(this.#store.get(CACHE_KEY));
    this.#current = parsed.success && parsed.data.owner === owner ? parsed.data : undefined;
    const map = cachedMapSchema.safeParse(this.#store.get(MAP_KEY));
    this.#map = map.success && map.data.owner === owner ? map.data : undefined;
    this.#fresh = false;
    this.#unavailable = false;
  }

  put(owner: string, document: Entitlements, destinations?: DestinationMap): void {
    this.#current = { owner, fetched_at: this.#now(), document };
    this.#fresh = true;
    this.#unavailable = false;
    this.#store.set(CACHE_KEY, this.#current);
    if (
      destinations &&
      (this.#map?.owner !== owner || this.#map.map.version !== destinations.version)
    ) {
      this.#map = { owner, map: destinations };
      this.#store.set(MAP_KEY, this.#map);
    }
  }

  /** The last destination map of this owner, also while signed out (undefined: none yet). */
  destinationMap(): DestinationMap | undefined {
    return this.#map?.map;
  }

  /** Another control plane or enterprise: its private addresses are not ours to deny. */
  forgetDestinationMap(): void {
    this.#map = undefined;
    this.#store.delete(MAP_KEY);
  }

  /** The control plane serves no entitlements: an empty list, not an error. */
  markUnavailable(): void {
    this.#unavailable = true;
  }

  /** Connection lost: what we hold is now "cached" rather than "fresh". */
  markStale(): void {
    this.#fresh = false;
  }

  /** Signed out or revoked: the list goes; the destination map stays (see the top). */
  clear(): void {
    this.#current = undefined;
    this.#fresh = false;
    this.#unavailable = false;
    this.#store.delete(CACHE_KEY);
  }

  expiresAt(entry: Cached): number {
    const byAge = entry.fetched_at + this.#maxAgeMs;
    const valid = entry.document.valid_until;
    return valid === null ? byAge : Math.min(valid, byAge);
  }

  view(): EntitlementsView {
    const entry = this.#current;
    if (!entry) {
      return {
        status: this.#unavailable ? 'unavailable' : 'none',
        document: undefined,
        fetchedAt: undefined,
        expiresAt: undefined,
      };
    }
    const expiresAt = this.expiresAt(entry);
    const status: EntitlementsStatus =
      this.#now() >= expiresAt ? 'expired' : this.#fresh ? 'fresh' : 'cached';
    return {
      status,
      document: status === 'expired' ? undefined : entry.document,
      fetchedAt: entry.fetched_at,
      expiresAt,
    };
  }
}
