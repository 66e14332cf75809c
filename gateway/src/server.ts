import { join } from 'node:path';
import { buildGateway } from './app.ts';
import { gatewayFromKong } from './routes.ts';

const kongFile = process.env['KONG_CONFIG'] ?? join(import.meta.dirname, '..', '..', 'kong', 'kong.yml');
const app = await buildGateway(gatewayFromKong(kongFile));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
await app.listen({
  port: Number(process.env['GATEWAY_PORT'] ?? 8000),
  host: process.env['GATEWAY_HOST'] ?? '127.0.0.1',
});
