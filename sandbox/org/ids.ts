// Identifier formats of the platform: open_id "ou_" + 32 hex (app-scoped), union_id "on_" + 32
// hex, open_department_id "od-" + 32 hex, chat_id "oc_" + 32 hex. open_ids are derived from
// (app, user) so the same person has a different open_id in each app, as on the real platform.
import { hash, randomBytes } from 'node:crypto';

// crypto.hash is the one-shot form: same digest, about twice as fast as createHash, which
// matters when a large world derives several hundred thousand ids at start.
export const hex32 = (input: string): string => hash('sha256', input, 'hex').slice(0, 32);

export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

export class OpenIdRegistry {
  // Nested by app: rendering a contact page calls openIdFor per user, and a concatenated
  // composite key would be rebuilt and rehashed on every call.
  private readonly forward = new Map<string, Map<string, string>>();
  private readonly reverse = new Map<string, { appId: string; userKey: string }>();

  openIdFor(appId: string, userKey: string): string {
    let perApp = this.forward.get(appId);
    if (!perApp) this.forward.set(appId, (perApp = new Map()));
    let id = perApp.get(userKey);
    if (!id) {
      id = `ou_${hex32(`open:${appId}\u0000${userKey}`)}`;
      perApp.set(userKey, id);
      this.reverse.set(id, { appId, userKey });
    }
    return id;
  }

  /** Resolves an open_id; undefined when unknown or issued to another app. */
  userKeyFor(appId: string, openId: string): string | undefined {
    const hit = this.reverse.get(openId);
    return hit && hit.appId === appId ? hit.userKey : undefined;
  }

  /** Which app an open_id belongs to (to report "open_id of another app" cases). */
  appOf(openId: string): string | undefined {
    return this.reverse.get(openId)?.appId;
  }
}
