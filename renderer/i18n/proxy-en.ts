// English strings of the access-protection cards (local proxy state, "why was this blocked").
// Kept apart from en.ts so the home screen's other strings can change independently.
export const proxyEn = {
  title: 'Access protection',
  intro:
    'Browsers reach internal applications through Gatehouse on this computer; it lets through only what your organization allows you.',
  proxy: 'Local proxy',
  status: {
    running: 'Running on 127.0.0.1:{{port}}',
    starting: 'Starting…',
    stopped: 'Stopped',
    failed: 'Not running',
  },
  mode: 'Enforcing',
  modes: {
    entitlements: 'Your applications',
    deny_all: 'Blocking every internal application (not signed in)',
  },
  system: 'Browser settings',
  systemStatus: {
    applied: 'Set up automatically',
    off: 'Not changed',
    disabled_by_policy: 'Managed by your IT department',
    unsupported: 'Set the address below as the automatic proxy configuration by hand',
    failed: 'Could not be changed',
  },
  pac: 'Proxy auto-configuration (PAC) address',
  denied: {
    title: 'Recently blocked',
    intro: 'Requests Gatehouse refused on this computer, newest first, and why.',
    empty: 'Nothing has been blocked.',
    count_one: '{{count}} blocked destination',
    count_other: '{{count}} blocked destinations',
    refresh: 'Refresh the list',
    destination: 'Destination',
    application: 'Application',
    unnamedApp: 'Application {{id}}',
    noApplication: 'Not an application',
    policy: 'Policy',
    noPolicy: 'No policy (blocked by default)',
    reason: 'Why',
    when: 'When',
    times_one: '{{time}}',
    times_other: '{{time}} ({{count}} times)',
    via: {
      http: 'Web page (HTTP)',
      connect: 'Secure connection (HTTPS or other)',
    },
    closed: 'An open connection was closed when access was withdrawn.',
  },
} as const;
