// The two URLs an admin copies into the Feishu/Lark developer console: the event Request URL
// (one per source, so each app's events land on its own row) and the Redirect URL (one per
// deployment: the login broker tells sources apart by the state it issued).
export const eventRequestUrl = (publicUrl: string, sourceId: string): string =>
  `${publicUrl}/api/v1/feishu/events/${sourceId}`;

export const redirectUrl = (publicUrl: string): string =>
  `${publicUrl}/api/v1/auth/feishu/callback`;
