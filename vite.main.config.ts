// Builds the Electron main process into one ESM file. Node built-ins, electron and the native
// keyring stay external (the keyring ships a prebuilt .node binary unpacked from the asar).
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * The bundle's text as V8 keeps it: the whole source stays in memory for lazy compilation, as
 * one-byte Latin-1 when every character is ASCII and as two-byte UTF-16 otherwise. The zh-CN
 * messages (and a few dashes in library JSDoc) made it two-byte: the core alone, 734 KiB.
 * Escaped and without JSDoc or annotation comments it is ASCII: 359 KiB (bench client-idle-rss,
 * with it idle RSS -1.2 MiB). Legal comments stay; the source map still maps every line.
 */
export const MAIN_BUNDLE_TEXT = {
  charset: 'ascii',
  comments: { legal: true, annotation: false, jsdoc: false },
} as const;

const external = [
  'electron',
  /^electron\//,
  '@napi-rs/keyring',
  /^@napi-rs\/keyring/,
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];

export default defineConfig({
  build: {
    ssr: 'main/app/index.ts',
    outDir: 'out/main',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    rollupOptions: {
      external,
      output: { format: 'es', entryFileNames: 'index.js', ...MAIN_BUNDLE_TEXT },
    },
  },
  ssr: { noExternal: true, external: ['electron', '@napi-rs/keyring'] },
});
