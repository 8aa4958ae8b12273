// `./gatehouse demo --exit-when-ready`: the whole demo starts (sandbox, control plane configured
// for the sandbox tenant with a first sync, client core behind the browser bridge), answers,
// prints what a person needs in both languages, and stops cleanly.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('demo smoke test', () => {
  it('starts everything, passes its own check and exits 0', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        'scripts/demo.ts',
        '--exit-when-ready',
        '--browser',
        '--org',
        'tiny',
        '--port',
        '0',
        '--control-plane-port',
        '0',
        '--client-port',
        '0',
      ],
      { timeout: 110_000, maxBuffer: 4 * 1024 * 1024 },
    );
    expect(stdout).toContain('demo smoke check: ok');
    expect(stdout).toMatch(/企业验证 ID\):\s+[0-9a-z]{12}/);
    expect(stdout).toMatch(/#bridge_token=[A-Za-z0-9_-]{20,}/);
    expect(stdout).toContain('Admin login (管理员登录)');
    expect(stdout).toContain('✓ first sync: succeeded');
  }, 120_000);
});
