// The Node flags a control-plane replica runs with in production: read from the `control-plane`
// script of package.json (`node <flags> control-plane/server.ts`), so a bench that stands in for
// a replica measures what is deployed and cannot drift from it.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};
const launch = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+control-plane\/server\.ts/.exec(
  pkg.scripts['control-plane'] ?? '',
);
if (!launch)
  throw new Error('package.json: the control-plane script does not start control-plane/server.ts');

/** e.g. "--max-semi-space-size=8 --max-old-space-size=1536" */
export const DEPLOYED_NODE_FLAGS = launch[1]!.trim();
