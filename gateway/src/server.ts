import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveMetrics } from '@engage/event-log';
import { buildGateway } from './app.ts';
import { gatewayFromKong } from './routes.ts';

const kongFile = process.env['KONG_CONFIG'] ?? join(import.meta.dirname, '..', '..', 'kong', 'kong.yml');
const webRoot = process.env['WEB_ROOT'] ?? join(import.meta.dirname, '..', '..', 'web', 'dist');
const app = await buildGateway({
  ...gatewayFromKong(kongFile),
  ...(existsSync(join(webRoot, 'index.html')) ? { webRoot } : {}),
});
// Its own port: the metrics page is for Prometheus, not the public. A port already taken (another
// copy running here) costs the page, not the service.
const metricsPort = Number(process.env['GATEWAY_METRICS_PORT'] ?? 8100);
const metricsServer = await serveMetrics(
  metricsPort,
  process.env['GATEWAY_METRICS_HOST'] ?? '127.0.0.1',
).catch((error: unknown) => {
  process.stderr.write(
    `gateway: no /metrics on port ${metricsPort} (${String(error)}); set GATEWAY_METRICS_PORT\n`,
  );
  return undefined;
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    metricsServer?.close();
    void app.close().then(() => process.exit(0));
  });
}
await app.listen({
  port: Number(process.env['GATEWAY_PORT'] ?? 8000),
  host: process.env['GATEWAY_HOST'] ?? '127.0.0.1',
});
