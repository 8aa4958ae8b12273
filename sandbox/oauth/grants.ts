// What each user has granted each app. Grants are cumulative on the platform: a new token
// carries every scope the user ever granted the app, not only the ones asked for this time.

export class GrantStore {
  private readonly granted = new Map<string, Set<string>>();

  /** Adds scopes to the user's grant for the app and returns the whole grant, sorted. */
  grant(appId: string, userKey: string, scopes: readonly string[]): string[] {
    const k = `${appId}\u0000${userKey}`;
    let set = this.granted.get(k);
    if (!set) this.granted.set(k, (set = new Set()));
    for (const s of scopes) set.add(s);
    return [...set].sort();
  }

  scopesOf(appId: string, userKey: string): string[] {
    return [...(this.granted.get(`${appId}\u0000${userKey}`) ?? [])].sort();
  }
}
