// A user a full sync staged in the database (sync_staged_users) rather than kept in memory: the
// facts the differ compares and the name the console lists. A change set of StagedUsers is
// applied by copying the staged rows (applyStagedChangeSet); the records never come back.
import type { DesiredUserFacts } from './diff-directory.ts';

export interface StagedUser extends DesiredUserFacts {
  name: string;
}
