// shell.openExternal for the sign-in flow only: https pages on the control plane's and
// Feishu's/Lark's origins (see main/core/sign-in-url-policy.ts). Anything else is refused, so a
// compromised renderer cannot launch arbitrary protocol handlers or files.
import { shell } from 'electron';
import { isExternalSignInUrl } from '../core/sign-in-url-policy.ts';

export async function openSignInUrl(url: string, allowedOrigins: readonly string[]): Promise<void> {
  if (!isExternalSignInUrl(url, allowedOrigins)) {
    throw new Error('refused: not a sign-in page of this control plane');
  }
  await shell.openExternal(url, { activate: true });
}
