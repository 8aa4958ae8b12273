// The architecture's import directions are lint rules; these tests prove the rules bite.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'gatehouse/console-imports')
    .map((m) => m.message);
}

describe('import directions', () => {
  const cases: [string, string, boolean][] = [
    ['shared/domain/x.ts', "import { a } from '../../main/core/a.ts';", false],
    ['shared/domain/x.ts', "import { readFile } from 'node:fs';", false],
    ['shared/domain/x.ts', "import { z } from 'zod';", true],
    ['renderer/features/x.ts', "import { a } from '../../control-plane/app.ts';", false],
    ['renderer/features/x.ts', "import { ipcContract } from '../../shared/ipc/contract.ts';", true],
    ['renderer/features/x.ts', "import { app } from 'electron';", false],
    ['main/core/x.ts', "import { app } from 'electron';", false],
    ['main/core/x.ts', "import { w } from '../platform/secure-window.ts';", false],
    ['main/core/x.ts', "import { ipcContract } from '../../shared/ipc/contract.ts';", true],
    ['main/platform/x.ts', "import { app } from 'electron';", true],
    ['preload/x.ts', "import { a } from '../main/core/a.ts';", false],
    ['control-plane/api/x.ts', "import { a } from '../../sandbox/server.ts';", false],
    ['control-plane/api/x.ts', "import { a } from '../../shared/domain/errors.ts';", true],
    ['sandbox/openapi/x.ts', "import { a } from '../../shared/domain/errors.ts';", false],
    ['sandbox/openapi/x.ts', "import { a } from '../../control-plane/app.ts';", false],
    ['test/unit/x.ts', "import { a } from '../../sandbox/server.ts';", true],
    // The console: itself, shared/ and the API schemas; never server modules or Node.
    ['control-plane/console/app/x.tsx', "import { a } from '../api/client.ts';", true],
    [
      'control-plane/console/app/x.tsx',
      "import type { t } from '../../api/schemas/tenants.ts';",
      true,
    ],
    [
      'control-plane/console/pages/p/x.tsx',
      "import { a } from '../../../../shared/domain/locale.ts';",
      true,
    ],
    [
      'control-plane/console/app/x.tsx',
      "import { a } from '../../api/routes/tenant-routes.ts';",
      false,
    ],
    ['control-plane/console/app/x.tsx', "import { a } from '../../security/secret-box.ts';", false],
    ['control-plane/console/pages/p/x.tsx', "const m = import('../../../app.ts');", false],
    ['control-plane/console/app/x.tsx', "import { readFile } from 'node:fs';", false],
    [
      'control-plane/console/app/x.tsx',
      "import { a } from '../../../renderer/app/App.tsx';",
      false,
    ],
    ['control-plane/console/app/x.tsx', "import { Button } from 'antd';", true],
  ];
  it.each(cases)('%s: %s allowed=%s', async (file, code, allowed) => {
    const found = await violations(file, `${code}\nexport const _x = 1;\n`);
    expect(found.length === 0).toBe(allowed);
  });
});
