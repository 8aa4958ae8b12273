// `npm start`: builds the desktop client and runs it in Electron where the Electron binary is
// installed (a developer's or user's machine). Where it is not (this project's CI machines
// cannot download it), says so and points to the browser-based demo instead.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath: string | undefined;
try {
  electronPath = require('electron') as unknown as string; // the package exports the binary's path
} catch {
  electronPath = undefined;
}
if (!electronPath) {
  console.error(
    'The Electron binary is not installed here (npm ci skips its download).\n' +
      'Install it with `node node_modules/electron/install.js` where the network allows, or run\n' +
      '`./gatehouse demo` to use Gatehouse in a browser.',
  );
  process.exit(1);
}
execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const child = spawn(electronPath, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
