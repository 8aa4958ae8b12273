// Builds the Electron main process into one ESM file. Node built-ins, electron and the native
// keyring stay external (the keyring ships a prebuilt .node binary unpacked from the asar).
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

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
      output: { format: 'es', entryFileNames: 'index.js' },
    },
  },
  ssr: { noExternal: true, external: ['electron', '@napi-rs/keyring'] },
});
