// Builds the preload script. Sandboxed preloads must be a single CommonJS file that requires
// nothing but 'electron', so everything it uses from shared/ipc is bundled in.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'preload/index.ts',
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: false,
    rollupOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'index.cjs' },
    },
  },
  ssr: { noExternal: true, external: ['electron'] },
});
