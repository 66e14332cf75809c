import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildGateway } from './app.ts';
import { gatewayFromKong } from './routes.ts';

const kongFile = process.env['KONG_CONFIG'] ?? join(import.meta.dirname, '..', '..', 'kong', 'kong.yml');
const webRoot = process.env['WEB_ROOT'] ?? join(import.meta.dirname, '..', '..', 'web', 'dist');
const app = await buildGateway({
  ...gatewayFromKong(kongFile),
  ...(existsSync(join(webRoot, 'index.html')) ? { webRoot } : {}),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
await app.listen({
  port: Number(process.env['GATEWAY_PORT'] ?? 8000),
  host: process.env['GATEWAY_HOST'] ?? '127.0.0.1',
});
