// Builds the admin console (control-plane/console) into out/console. The control plane serves
// it under /console/ (control-plane/api/routes/console-routes.ts): hashed assets cached for a
// year, index.html never cached. Each page is its own chunk (React.lazy), so the first load
// carries only the shell: the layout, the router, i18n and the sign-in page.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'control-plane/console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../../out/console',
    emptyOutDir: true,
    target: 'es2022',
    // antd's component chunk is large before gzip; the goal is on gzipped initial JS (bench).
    chunkSizeWarningLimit: 1500,
  },
});
