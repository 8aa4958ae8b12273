// The port through which the callback fetches one user the synced directory has not seen yet
// (a new hire between two syncs): by open_id with the app's tenant token, accepted only within
// the source's scope and then recorded in the directory. The adapter lives with the Feishu
// client and the sync (control-plane/feishu, control-plane/sync).
import type { IdentitySourceRow } from '../storage/schema.ts';
import type { FeishuFailure } from './feishu-errors.ts';

export type JustInTimeResult =
  | { kind: 'recorded'; userId: string }
  /** Feishu knows the user but they are outside the source's sync scope. */
  | { kind: 'out_of_scope' }
  /** The user belongs to another Feishu tenant than the app's. */
  | { kind: 'other_tenant' }
  | { kind: 'not_found' }
  | { kind: 'unavailable'; status: 'frozen' | 'resigned' | 'inactive' }
  | { kind: 'failed'; failure: FeishuFailure };

export interface JustInTimeUsers {
  fetchAndRecord(source: IdentitySourceRow, openId: string): Promise<JustInTimeResult>;
}
