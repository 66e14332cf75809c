import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { repoRoot } from '@engage/stack';

interface ComposeService {
  image?: string;
  build?: string | { context: string; target?: string };
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string | string[] };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  command?: string | string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const kongConfig = parse(readFileSync(join(repoRoot, 'kong', 'kong.yml'), 'utf8')) as {
  services: Array<{ name: string; url: string }>;
  plugins?: Array<{ name: string; config?: Record<string, unknown> }>;
};
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as Compose;
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const kong = parse(readFileSync(join(repoRoot, 'kong', 'kong.yml'), 'utf8')) as {
  services: Array<{ name: string; url: string; routes: Array<{ paths: string[]; headers?: unknown }> }>;
};
const pom = readFileSync(join(repoRoot, 'stack', 'maven', 'pom.xml'), 'utf8');
const pomProperty = (name: string): string => new RegExp(`<${name}>([^<]+)</${name}>`).exec(pom)?.[1] ?? '';
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

describe('docker-compose.yml', () => {
  it('runs Kafka, a schema registry, MongoDB and Kong from pinned official images', () => {
    expect(service('kafka').image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(service('schema-registry').image).toMatch(/^apicurio\/apicurio-registry:\d+\.\d+\.\d+$/);
    expect(service('mongo').image).toMatch(/^mongo:\d+/);
    expect(service('kong').image).toMatch(/^kong:\d+/);
  });

  it('runs the same Kafka and registry versions as the local stack', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${pomProperty('kafka.version')}`);
    expect(service('schema-registry').image).toBe(
      `apicurio/apicurio-registry:${pomProperty('apicurio.version')}`,
    );
  });

  it('gives every long-running service a health check', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      if (name.endsWith('-setup')) continue;
      expect({ name, healthcheck: definition.healthcheck?.test }).toEqual({
        name,
        healthcheck: expect.anything(),
      });
    }
  });

  it("lets the gateway's /health (the query API's) include every backend service", () => {
    const backends = String(service('query-api').environment?.['HEALTH_BACKENDS'] ?? '')
      .split(',')
      .map((entry) => entry.split('=')[0]);
    expect(backends.sort()).toEqual(['command-services', 'files']);
  });

  it('starts each service only after what it depends on is healthy or done', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(definition.depends_on ?? {})) {
        const target = service(dependency);
        const expected = dependency.endsWith('-setup') ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
        if (expected === 'service_healthy') expect(target.healthcheck).toBeDefined();
      }
    }
  });

  it('runs MongoDB as a single-node replica set and keeps Kafka and MongoDB data in named volumes', () => {
    expect(service('mongo').command).toEqual(expect.arrayContaining(['--replSet']));
    const named = Object.keys(compose.volumes ?? {});
    for (const name of ['kafka', 'mongo']) {
      const volume = service(name).volumes?.[0]?.split(':')[0];
      expect(named).toContain(volume);
    }
  });

  it('runs Kafka in KRaft mode as a combined broker and controller', () => {
    const environment = service('kafka').environment ?? {};
    expect(environment['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(environment['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBeDefined();
  });

  it('publishes the gateway on 8000 with Kong in DB-less mode reading kong/kong.yml', () => {
    const kong = service('kong');
    expect(kong.ports).toContain('8000:8000');
    expect(kong.environment?.['KONG_DATABASE']).toBe('off');
    expect(kong.volumes).toContain('./kong:/kong:ro');
    expect(kong.environment?.['KONG_DECLARATIVE_CONFIG']).toBe('/kong/kong.yml');
  });

  it('serves the built web app from an official nginx image behind Kong at /', () => {
    const web = service('web');
    expect(web.build).toEqual({ context: '.', target: 'web' });
    // The Dockerfile's `web` stage: the app built by Node, its files served by the official nginx image.
    const stage = /^FROM (\S+) AS web$/m.exec(dockerfile)?.[1];
    expect(stage).toMatch(/^nginx:\d+\.\d+/);
    expect(dockerfile).toContain('npm run build -w web');
    expect(dockerfile).toMatch(/^COPY --from=web-build \/app\/web\/dist /m);
    // The services' image stays the default target (the last stage).
    expect(
      dockerfile
        .trim()
        .split(/^FROM /m)
        .at(-1),
    ).toMatch(/^node:\d+/);
    expect(service('kong').depends_on?.['web']).toEqual({ condition: 'service_healthy' });
    const route = kong.services.find((candidate) => candidate.name === 'web');
    expect(route?.url).toMatch(/^http:\/\/web:\d+$/);
    expect(route?.routes.flatMap((each) => each.paths)).toContain('/');
  });

  it('points every Node service of this repository at the compose servers', () => {
    for (const definition of Object.values(compose.services).filter(
      (candidate) => candidate.image === 'engage/services:dev',
    )) {
      expect(definition.environment).toMatchObject({
        KAFKA_BROKERS: 'kafka:19092',
        SCHEMA_REGISTRY_URL: expect.stringContaining('http://schema-registry:8080'),
        MONGO_URL: expect.stringContaining('mongodb://mongo:27017'),
      });
    }
  });

  it('runs every backend Kong routes to (the file service and the web app too), listening where kong.yml says, before Kong starts', () => {
    const kong = service('kong');
    expect(kongConfig.services.map((each) => each.name).sort()).toEqual([
      'command-services',
      'files',
      'query-api',
      'web',
    ]);
    for (const { name, url } of kongConfig.services) {
      const { hostname, port } = new URL(url);
      const backend = service(hostname);
      // Our services are told their port (`*_PORT`); nginx listens where its health check asks.
      const checked = [backend.healthcheck?.test ?? []].flat().find((word) => word.startsWith('http://'));
      const listens =
        Object.entries(backend.environment ?? {}).find(([key]) => key.endsWith('_PORT'))?.[1] ??
        (checked === undefined ? undefined : new URL(checked).port);
      expect({ name, port: String(listens) }).toEqual({ name, port });
      expect(kong.depends_on?.[hostname]?.condition).toBe('service_healthy');
    }
  });

  it("lets an upload of the file service's largest size (10 MB) through Kong", () => {
    const limit = kongConfig.plugins?.find((plugin) => plugin.name === 'request-size-limiting')?.config;
    expect(limit?.['size_unit']).toBe('megabytes');
    expect(Number(limit?.['allowed_payload_size'])).toBeGreaterThan(10);
  });

  it("scrapes every service's /metrics with Prometheus, at the port and host each one serves it on", () => {
    const prometheus = parse(readFileSync(join(repoRoot, 'observability', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
    };
    expect(service('prometheus').image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(service('prometheus').volumes).toContain(
      './observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const targets = prometheus.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((each) => each.targets),
    );
    // The services' metrics listen where their environment says: the HTTP port of the three HTTP
    // services, the projectors' own metrics port; each on every interface of its container.
    const listening: Record<string, [host: string, port: string]> = {
      'command-services': ['COMMAND_SERVICES_HOST', 'COMMAND_SERVICES_PORT'],
      'query-api': ['QUERY_API_HOST', 'QUERY_API_PORT'],
      files: ['FILES_HOST', 'FILES_PORT'],
      projectors: ['PROJECTORS_METRICS_HOST', 'PROJECTORS_METRICS_PORT'],
    };
    expect(targets.map((target) => target.split(':')[0]).sort()).toEqual(Object.keys(listening).sort());
    for (const [name, [host, port]] of Object.entries(listening)) {
      const environment = service(name).environment ?? {};
      expect({ name, host: String(environment[host]) }).toEqual({ name, host: '0.0.0.0' });
      expect(targets).toContain(`${name}:${String(environment[port])}`);
      expect(service('prometheus').depends_on?.[name]?.condition).toBe('service_healthy');
    }
  });

  it('provisions Grafana with Prometheus and a dashboard of series the services do define', () => {
    const grafana = service('grafana');
    expect(grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    const datasources = parse(
      readFileSync(join(repoRoot, 'observability/grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
    ) as { datasources: Array<{ uid: string; url: string }> };
    expect(datasources.datasources[0]?.url).toBe('http://prometheus:9090');
    const dashboard = JSON.parse(
      readFileSync(join(repoRoot, 'observability/grafana/dashboards/engage.json'), 'utf8'),
    ) as { panels: Array<{ title: string; targets: Array<{ expr: string; datasource: { uid: string } }> }> };
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    // Every series a panel asks for is one a service registers (histograms add _bucket, _sum and
    // _count; prom-client's process metrics carry the same engage_ prefix).
    const sources = [
      'auth/src/metrics.ts',
      'event-log/src/metrics.ts',
      'command-services/src/runtime/metrics.ts',
      'projectors/src/runtime/metrics.ts',
      'query-api/src/notifications/pusher.ts',
    ]
      .map((file) => readFileSync(join(repoRoot, file), 'utf8'))
      .join('\n');
    const defined = new Set([...sources.matchAll(/name: '(engage_[a-z_]+)'/g)].map((match) => match[1]));
    for (const panel of dashboard.panels)
      for (const target of panel.targets) {
        expect({ panel: panel.title, uid: target.datasource.uid }).toEqual({
          panel: panel.title,
          uid: datasources.datasources[0]?.uid,
        });
        for (const [series] of target.expr.matchAll(/engage_[a-z_]+/g)) {
          const base = series.replace(/_(bucket|sum|count)$/, '');
          expect({
            panel: panel.title,
            series,
            defined: defined.has(base) || base.startsWith('engage_process_'),
          }).toEqual({ panel: panel.title, series, defined: true });
        }
      }
  });
});
