import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import tailwindcss from '@tailwindcss/vite'

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [tailwindcss(), svelte()],
  build: {
    // dist/client only: the compiled server sits beside it in dist/server and is never served.
    outDir: '../dist/client',
    emptyOutDir: true,
    // No inline data: the page's CSP allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
  },
  server: {
    // The socket's proxy keeps the page's Host (no changeOrigin), so the server's Origin check sees this dev server's own host.
    proxy: { '/ws': { target: 'ws://127.0.0.1:8080', ws: true }, '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    root: '.',
    // Whatever tests/kit opens in a test (servers, sockets, temp dirs) is closed when that test ends.
    setupFiles: ['tests/kit/vitestSetup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A test of what the server keeps in memory collects garbage first, so it measures what is held.
          execArgv: ['--expose-gc'],
        },
      },
    ],
  },
})
