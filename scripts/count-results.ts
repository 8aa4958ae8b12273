// Sums the checks, vitest's and Playwright's JSON reports into the one plain line CI reads.
// A report that should exist but does not (a crashed runner) counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.ci/results';
let passed = 0;
let failed = 0;
let skipped = 0;

for (const line of readFileSync(join(dir, 'checks.tsv'), 'utf8').split('\n').filter(Boolean)) {
  if (line.endsWith('\tpassed')) passed++;
  else failed++;
}

const vitestFile = join(dir, 'vitest.json');
if (existsSync(vitestFile)) {
  const r = JSON.parse(readFileSync(vitestFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    success: boolean;
    testResults: { status: string; message?: string }[];
  };
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A test file that fails to load has no tests; count it so it cannot pass silently.
  failed += r.testResults.filter((f) => f.status === 'failed' && f.message).length;
} else {
  console.error('vitest produced no report');
  failed++;
}

const pwFile = join(dir, 'playwright.json');
if (existsSync(pwFile)) {
  const r = JSON.parse(readFileSync(pwFile, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  passed += r.stats.expected + r.stats.flaky;
  failed += r.stats.unexpected + (r.errors?.length ?? 0);
  skipped += r.stats.skipped;
} else if (existsSync(join(dir, '..', '..', 'test', 'e2e'))) {
  console.error('Playwright produced no report (browser tests not run)');
  skipped++;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
