// The README's main command (`./gatehouse demo`): starts the Feishu/Lark sandbox with a sample
// org and prints how to use it. Later issues extend this same command with the control plane
// (embedded database, configured for the sandbox tenant) and the desktop client.
import { parseArgs } from 'node:util';
import { buildSandbox } from '../sandbox/server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    org: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    'exit-when-ready': { type: 'boolean', default: false },
  },
  strict: true,
});

const sandbox = await buildSandbox({
  org: values.org,
  seed: Number(values.seed),
  rateLimits: true,
});
let url: string;
try {
  url = await sandbox.listen(Number(values.port));
} catch {
  url = await sandbox.listen(0); // the usual port is taken: any free one will do
}

const feishu = sandbox.world.apps.find((a) => a.brand === 'feishu');
const lines = [
  '',
  'Gatehouse demo is running · Gatehouse 演示已启动',
  '',
  `Feishu/Lark sandbox (飞书/Lark 模拟平台): ${url}   (Lark: ${url}/lark)`,
  '',
  'Apps (自建应用):',
  ...sandbox.world.apps.map(
    (a) =>
      `  ${a.brand.padEnd(6)} app_id=${a.app_id} app_secret=${a.app_secret} tenant=${a.tenant_key}`,
  ),
  '',
  'Sample sign-in accounts (示例登录账号):',
  ...sandbox.world.sampleUsers.map(
    (u) => `  ${u.name.padEnd(8)} ${u.email.padEnd(34)} password=${u.password} (${u.status})`,
  ),
  '',
  'Try it (试一试):',
  `  curl -s -X POST ${url}/open-apis/auth/v3/tenant_access_token/internal \\`,
  `       -H 'content-type: application/json' -d '{"app_id":"${feishu?.app_id}","app_secret":"${feishu?.app_secret}"}'`,
  `  curl -s "${url}/open-apis/contact/v3/departments/0/children?fetch_child=true" -H "authorization: Bearer <tenant_access_token>"`,
  `  npm run sandbox -- admin --url ${url} resign <email>     # a Feishu admin offboards someone; events follow`,
  '',
  'Press Ctrl-C to stop · 按 Ctrl-C 退出',
];
console.log(lines.join('\n'));

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (values['exit-when-ready']) await stop();
