// Validates electron-builder.yml offline with electron-builder's own schema (the same check
// `electron-builder` runs before it downloads anything), so a typo fails CI here.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

const file = process.argv[2] ?? 'electron-builder.yml';
const config = await getConfig(process.cwd(), file, null);
await validateConfiguration(config, new DebugLogger(false));
console.log(`${file}: valid`);
