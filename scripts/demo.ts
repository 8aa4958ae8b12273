// The README's main command (`./gatehouse demo`): starts the Feishu/Lark sandbox with a sample
// org, the control plane on an embedded database configured for the sandbox tenant, and the
// desktop client: in Electron where its binary is installed, otherwise the client core behind
// the browser bridge, with the URL to open (and Chromium opened with --open).
//   --exit-when-ready   start everything, check it answers, stop (a smoke test)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridgeClient, type BridgeClient } from '../main/bridge/start-client.ts';
import { InMemorySecretStore } from '../main/core/secret-store.ts';
import { startDemoStack } from './demo-stack.ts';
import { ensureConsoleBuilt } from './ensure-console-built.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    'control-plane-port': { type: 'string', default: '4020' },
    'client-port': { type: 'string', default: '4030' },
    org: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    open: { type: 'boolean', default: false },
    browser: { type: 'boolean', default: false },
    'exit-when-ready': { type: 'boolean', default: false },
  },
  strict: true,
});

/** The installed Electron binary, read without require('electron') (which would download it). */
const electronBinary = (): string | undefined => {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
};

console.log('Starting the Gatehouse demo… · 正在启动 Gatehouse 演示…');
if (await ensureConsoleBuilt())
  console.log('  ✓ admin console built (out/console) · 已构建管理控制台');
const stack = await startDemoStack({
  org: values.org,
  seed: Number(values.seed),
  sandboxPort: Number(values.port),
  controlPlanePort: Number(values['control-plane-port']),
  onStep: (step, ok, note) => console.log(`  ${ok ? '✓' : '!'} ${step}${note ? `: ${note}` : ''}`),
});

let client: BridgeClient | undefined;
let electron: ReturnType<typeof spawn> | undefined;
const electronPath = values.browser ? undefined : electronBinary();
let clientLines: string[];
if (electronPath && !values['exit-when-ready']) {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  electron = spawn(electronPath, ['.'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      GATEHOUSE_DEV_CONTROL_PLANE_URL: stack.controlPlaneUrl,
      GATEHOUSE_EXTRA_SIGN_IN_ORIGINS: stack.sandboxUrl,
    },
  });
  clientLines = ['Desktop client (桌面客户端): running in Electron · 已在 Electron 中运行'];
} else {
  const rendererDir = join(ROOT, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.log('  building the renderer (out/renderer)… · 正在构建界面…');
    execFileSync('npx', ['vite', 'build', '-c', 'vite.renderer.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  client = await startBridgeClient({
    rendererDir,
    controlPlaneUrl: stack.controlPlaneUrl,
    port: Number(values['client-port']),
    // A demo machine rarely has an unlocked keychain; memory keeps the demo predictable.
    secrets: { store: new InMemorySecretStore(), persistent: true },
  }).catch(() =>
    startBridgeClient({
      rendererDir,
      controlPlaneUrl: stack.controlPlaneUrl,
      secrets: { store: new InMemorySecretStore(), persistent: true },
    }),
  );
  clientLines = [
    'Desktop client in your browser (浏览器中的桌面客户端，Electron 未安装):',
    `  ${client.bridge.url}`,
    '  (the link carries a one-time key; open it on this computer · 链接含一次性密钥，仅限本机打开)',
  ];
  if (values.open) {
    const chromium = [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
    ].find((p) => existsSync(p));
    if (chromium)
      spawn(chromium, ['--new-window', client.bridge.url], {
        stdio: 'ignore',
        detached: true,
      }).unref();
    else clientLines.push('  (no Chromium found to open it · 未找到 Chromium，请手动打开)');
  }
}

const users = stack.sandbox.world.sampleUsers;
const lines = [
  '',
  'Gatehouse demo is running · Gatehouse 演示已启动',
  '',
  `Enterprise verification ID (企业验证 ID):  ${stack.tenant.verification_id}   (${stack.tenant.name})`,
  '',
  ...clientLines,
  '',
  `Control plane (控制面):      ${stack.controlPlaneUrl}   API: ${stack.controlPlaneUrl}/api/openapi.json`,
  `  Admin console (管理控制台): ${stack.controlPlaneUrl}/console/`,
  `  Admin login (管理员登录):  ${stack.admin.email} / ${stack.admin.password}`,
  `Feishu/Lark sandbox (飞书/Lark 模拟平台): ${stack.sandboxUrl}   (Lark: ${stack.sandboxUrl}/lark)`,
  '',
  'Sample sign-in accounts (示例登录账号):',
  ...users.map(
    (u) =>
      `  ${u.name.padEnd(8)} ${u.email.padEnd(34)} password=${u.password} (${u.role}, ${u.status})`,
  ),
  '',
  'Try it (试一试):',
  '  1. Enter the enterprise ID · 输入企业验证 ID',
  '  2. "Sign in with Feishu" opens the sandbox sign-in page; use an account above · 点击“使用飞书登录”，用上面的账号登录',
  `  3. Or "Scan QR code", then simulate the phone · 或选择“扫码登录”，再模拟手机扫码:`,
  `     curl -s -X POST ${stack.sandboxUrl}/sandbox/qr/scan -H 'content-type: application/json' -d '{"user":"${users[0]?.email ?? ''}"}'`,
  `  4. Offboard someone in Feishu; their session ends · 在飞书中办理离职，会话随即结束:`,
  `     npm run sandbox -- admin --url ${stack.sandboxUrl} resign <email>`,
  ...(stack.notes.length ? ['', 'Notes (说明):', ...stack.notes.map((n) => `  - ${n}`)] : []),
  '',
  'Press Ctrl-C to stop · 按 Ctrl-C 退出',
];
console.log(lines.join('\n'));

const stop = async (code = 0) => {
  electron?.kill('SIGTERM');
  await client?.close();
  await stack.close();
  process.exit(code);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

if (values['exit-when-ready']) {
  // Smoke check: the page is served and the client core can discover the demo tenant.
  let ok = true;
  if (client) {
    const page = await fetch(new URL('/', client.bridge.origin));
    ok &&= page.status === 200 && (await page.text()).includes('__bridge/shim.js');
    const enrolled = await client.core.enroll(stack.tenant.verification_id).catch(() => undefined);
    ok &&= enrolled?.enrollment.status === 'enrolled';
  }
  console.log(ok ? 'demo smoke check: ok' : 'demo smoke check: FAILED');
  await stop(ok ? 0 : 1);
}
