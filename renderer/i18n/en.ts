// English strings. The shape of this object is the key list: zh-CN.ts must match it exactly
// (checked by the type below and by a unit test that also refuses empty values).
import { proxyEn } from './proxy-en.ts';

export const en = {
  app: {
    name: 'Gatehouse',
    tagline: 'Zero-trust access with Feishu/Lark',
    settings: 'Settings',
    loading: 'Starting…',
  },
  brand: {
    feishu: 'Feishu',
    lark: 'Lark',
    either: 'Feishu/Lark',
  },
  enroll: {
    title: 'Connect to your organization',
    intro: 'Enter the enterprise ID your IT team gave you.',
    label: 'Enterprise ID',
    hint: '12 letters and digits, for example abcd-efgh-jk12. Spaces and dashes are fine.',
    invalid:
      'This is not an enterprise ID: it has 12 letters and digits. Check it with your IT team.',
    locked: 'Set by your IT department. It cannot be changed on this device.',
    submit: 'Continue',
    checking: 'Looking up your organization…',
  },
  source: {
    title: 'Choose how to sign in',
    intro: '{{tenant}} offers more than one sign-in method.',
    label: 'Sign-in method',
    submit: 'Continue',
    changeEnterprise: 'Use a different enterprise ID',
    changeSource: 'Choose another sign-in method',
  },
  signIn: {
    tabsLabel: 'Sign-in method',
    browserTab: 'Sign in with {{brand}}',
    qrTab: 'Scan QR code',
    browserIntro:
      'Your browser opens the {{brand}} sign-in page. Come back here when you are done.',
    browserButton: 'Continue in your browser',
    qrIntro: 'Open the {{brand}} app on your phone and scan the code that appears.',
    qrButton: 'Show QR code',
    memoryOnly:
      'No system keychain is available: you will stay signed in only until Gatehouse quits.',
    tenant: 'Organization: {{tenant}}',
  },
  waiting: {
    browserTitle: 'Finish signing in in your browser',
    browserBody: 'A {{brand}} sign-in page opened in your browser. This window updates by itself.',
    qrTitle: 'Scan the QR code',
    qrBody: 'Scan the code with the {{brand}} app, then confirm on your phone.',
    qrTabBody: 'The QR code opened in a new browser tab.',
    qrWindowBody: 'The QR code is shown in a separate window.',
    qrNewTab: 'Open the QR code page in a new tab',
    status: 'Waiting for sign-in…',
    cancel: 'Cancel',
    reopen: 'Open the page again',
  },
  home: {
    greeting: 'Signed in as {{name}}',
    departments: 'Departments',
    noDepartments: 'No department',
    departmentPath: 'in {{path}}',
    device: 'This device',
    connection: 'Connection',
    organization: 'Organization',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    signOutLocked: 'Your organization does not allow signing out on this device.',
    memoryOnly:
      'No system keychain is available: your session is kept in memory only and ends when Gatehouse quits.',
    offline: 'Offline. The apps below were saved at {{saved}} and stay usable until {{expires}}.',
    offlineNoExpiry: 'Offline. The apps below are the last ones received.',
    revoked: 'Your access was revoked by your organization. Sign in again or contact your IT team.',
    signInAgain: 'Sign in again',
  },
  connection: {
    online: 'Online',
    offline: 'Offline',
    revoked: 'Access revoked',
    connecting: 'Connecting',
  },
  apps: {
    title: 'Your applications',
    empty: 'No applications are available to you yet. Your IT team grants access to them.',
    open: 'Open',
    openLabel: 'Open {{name}}',
    count_one: '{{count}} application',
    count_other: '{{count}} applications',
    expired:
      'The saved list of applications has expired. It comes back when Gatehouse is online again.',
  },
  proxy: proxyEn,
  error: {
    title: 'Something went wrong',
    code: 'Error code',
    fix: 'What you can do',
    retry: 'Try again',
    back: 'Start over',
    revokedTitle: 'Access revoked',
    unknown: 'An unexpected error occurred.',
    unknownFix: 'Try again. If it keeps happening, give the error code to your IT team.',
  },
  errorCodes: {
    ipcUnavailable: 'Gatehouse could not reach its background service.',
    ipcUnavailableFix:
      'Quit Gatehouse and open it again. If it keeps happening, reinstall it or contact your IT team.',
    noSources: 'Your organization has no sign-in method enabled.',
    noSourcesFix:
      'Ask your IT administrator to enable a Feishu or Lark sign-in method in the Gatehouse console.',
  },
  settings: {
    title: 'Settings',
    language: 'Language',
    languageSystem: 'Follow the system',
    languageEn: 'English',
    languageZh: '简体中文',
    controlPlane: 'Control-plane URL',
    controlPlaneHint: 'The address of your organization’s Gatehouse server (https://…).',
    controlPlaneInvalid: 'Enter an https:// address.',
    locked: 'Set by your IT department.',
    autoStart: 'Start Gatehouse when I sign in to this computer',
    save: 'Save',
    saved: 'Saved.',
    about: 'About',
    version: 'Version {{version}}',
    platformLabel: 'Platform',
    managedBy: 'Managed settings',
    managed: {
      'windows-registry': 'Windows group policy',
      'macos-profile': 'macOS configuration profile',
      'linux-file': '/etc/gatehouse/managed.json',
      none: 'None',
    },
    bridge: 'Development mode: running in a browser through the local bridge.',
    close: 'Close settings',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language must have: the same keys as en, any strings. */
export type Messages = Widen<typeof en>;
