// The process's Prometheus metrics (prom-client): one registry per process, scraped at
// `GET /metrics` on each service's own port (never through the gateway). Every service registers
// its series here, so a process that runs several services (the slice tests) still has one page.
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'engage_' });

/** Seconds from handing records to a partition writer to their transaction's commit. */
export const appendSeconds = new Histogram({
  name: 'engage_append_seconds',
  help: 'Time from a command appending its events to their Kafka transaction committing',
  labelNames: ['topic'],
  buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
  registers: [metrics],
});

/** Records committed per Kafka transaction (commands arriving together share one). */
export const appendBatchRecords = new Histogram({
  name: 'engage_append_batch_records',
  help: 'Records per Kafka transaction of a partition writer',
  labelNames: ['topic'],
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  registers: [metrics],
});

/** How far a consumer group is behind each partition's end, as of its last fetch. */
export const consumerLagRecords = new Gauge({
  name: 'engage_consumer_lag_records',
  help: 'Offsets between a consumer group position and the partition end at its last fetch',
  labelNames: ['group', 'topic', 'partition'],
  registers: [metrics],
});

export { Counter, Gauge, Histogram };

/**
 * `GET /metrics` for a process without an HTTP service of its own (the projectors) or whose public
 * port must not show it (the gateway): a plain listener on its own port, loopback by default.
 */
export async function serveMetrics(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    metrics.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
