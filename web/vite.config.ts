import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Every path the API answers on, proxied by the dev server to the running gateway. */
const apiPrefixes = [
  '/auth',
  '/users',
  '/kudos',
  '/kudos-kinds',
  '/kudos-budget',
  '/statuses',
  '/roles',
  '/genders',
  '/leaderboard',
  '/initiatives',
  '/posts',
  '/feed',
  '/notifications',
  '/files',
  '/audit',
  '/admin',
  '/health',
  '/docs',
  '/commands',
];
const gateway = process.env['ENGAGE_GATEWAY'] ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(
      apiPrefixes.map((prefix) => [
        // Only the API: a browser navigation (Accept: text/html) to /people stays with the app.
        `^${prefix}(/|\\?|$)`,
        {
          target: gateway,
          ws: prefix === '/notifications',
          bypass: (request: { headers: { accept?: string } }) =>
            request.headers.accept?.includes('text/html') ? '/index.html' : undefined,
        },
      ]),
    ),
  },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 700 },
});
