// What an operator's Prometheus scrapes: `GET /metrics` on each service's own port, never through
// the gateway, with the series that move when a command is sent.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serveMetrics } from '@engage/event-log';
import { gatewayFromKong, matchRoute } from '@engage/gateway';
import { repoRoot } from '@engage/stack';
import { startSystem, type System } from './system.ts';

const admin = { email: 'metrics.admin@example.com', password: 'metrics admin passphrase' };

/** The sum of every sample of `name` whose labels include `labels`, from a Prometheus text page. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of page.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = new Map<string, string>();
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      found.set(pair[1] ?? '', pair[2] ?? '');
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value))
      total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

describe('metrics', () => {
  let system: System;
  let adminToken: string;
  let projectorsPage: Server;
  let projectorsUrl: string;

  beforeAll(async () => {
    system = await startSystem(admin);
    adminToken = await system.signIn(admin.email, admin.password, 'catalogs:manage');
    projectorsPage = await serveMetrics(0);
    const address = projectorsPage.address();
    projectorsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/metrics`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => projectorsPage.close(resolve));
    await (system as System | undefined)?.stop();
  });

  const scrape = async () => {
    const commands = await fetch(`${system.commands.address}/metrics`);
    expect(commands.status).toBe(200);
    expect(commands.headers.get('content-type')).toContain('text/plain');
    const queries = await system.queries.inject({ method: 'GET', url: '/metrics' });
    expect(queries.statusCode).toBe(200);
    const projectors = await fetch(projectorsUrl);
    expect(projectors.status).toBe(200);
    return { commands: await commands.text(), queries: queries.body, projectors: await projectors.text() };
  };

  it('a command moves the command, append, request and projector series', async () => {
    const topic = `${system.prefix}catalogs`;
    const before = await scrape();
    const created = await system.command('POST', '/kudos-kinds', adminToken, { name: 'Observer' });
    expect(created.status).toBe(201);
    const refused = await system.command('PATCH', `/kudos-kinds/${String(created.body['id'])}`, adminToken, {
      name: 'Watcher',
      expectedVersion: 99,
    });
    expect(refused.status).toBe(409);
    const seen = await system.query(
      `/kudos-kinds?consistentWith=${encodeURIComponent(String(created.body['position']))}`,
      adminToken,
    );
    expect(seen.status).toBe(200);
    const after = await scrape();

    const accepted = { command: 'CreateKudosKind', outcome: 'accepted' };
    expect(sample(after.commands, 'engage_commands_total', accepted)).toBe(
      (sample(before.commands, 'engage_commands_total', accepted) ?? 0) + 1,
    );
    const refusedCode = String(refused.body['code']);
    expect(sample(after.commands, 'engage_commands_total', { outcome: refusedCode })).toBeGreaterThan(
      sample(before.commands, 'engage_commands_total', { outcome: refusedCode }) ?? 0,
    );
    expect(sample(after.commands, 'engage_append_seconds_count', { topic })).toBeGreaterThan(
      sample(before.commands, 'engage_append_seconds_count', { topic }) ?? 0,
    );
    expect(sample(after.commands, 'engage_append_batch_records_count', { topic })).toBeGreaterThan(0);
    const posted = { service: 'command-services', method: 'POST', route: '/kudos-kinds', status: '201' };
    expect(sample(after.commands, 'engage_http_request_duration_seconds_count', posted)).toBe(
      (sample(before.commands, 'engage_http_request_duration_seconds_count', posted) ?? 0) + 1,
    );
    const read = { service: 'query-api', route: '/kudos-kinds', status: '200' };
    expect(sample(after.queries, 'engage_http_request_duration_seconds_count', read)).toBeGreaterThan(
      sample(before.queries, 'engage_http_request_duration_seconds_count', read) ?? 0,
    );
    // The projector applied the event: its lag series exist for the topic, and show it caught up.
    expect(
      sample(after.projectors, 'engage_projection_lag_events', { projection: 'kudos-kinds@1', topic }),
    ).toBe(0);
    expect(
      sample(after.projectors, 'engage_projection_lag_seconds', { projection: 'kudos-kinds@1', topic }),
    ).toBe(0);
    expect(sample(after.projectors, 'engage_consumer_lag_records', { topic })).toBeDefined();
    expect(sample(after.projectors, 'engage_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('the gateway routes no /metrics to any service, on any method', () => {
    const { routes } = gatewayFromKong(join(repoRoot, 'kong', 'kong.yml'));
    expect(routes.length).toBeGreaterThan(10);
    for (const method of ['GET', 'POST', 'HEAD'])
      for (const url of ['/metrics', '/metrics?name=x'])
        expect([method, url, matchRoute(routes, method, url)?.service]).toEqual([method, url, undefined]);
  });
});
