// `npm run kong` writes kong/kong.yml from the services' own route tables; `--check` says whether
// the committed file is current. The local gateway serves the same file, so both see one table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandRouteTable } from '@engage/command-services';
import { fileRouteTable } from '@engage/files';
import { kongConfig, renderKong, type GatewayPolicy } from '@engage/gateway';
import { queryRouteTable } from '@engage/query-api';
import { repoRoot } from '@engage/stack';

export const kongFile = join(repoRoot, 'kong', 'kong.yml');

export const gatewayPolicy: GatewayPolicy = {
  corsOrigins: ['http://localhost:8000', 'http://127.0.0.1:8000', 'http://localhost:5173'],
  perMinute: 1200,
  signInPerMinute: 60,
  bodyLimitMegabytes: 12,
  // Through the gateway, /health is the query API's: it reports Kafka, the registry and MongoDB.
  owners: { 'GET /health': 'query-api', 'HEAD /health': 'query-api' },
  // The web app's sections (web/src/app/router.tsx); /sign-in and the app's files reach it through `/`.
  web: {
    url: 'http://web:8080',
    pages: ['/people', '/initiatives', '/notifications', '/leaderboard', '/audit', '/admin'],
  },
};

/** What kong/kong.yml should hold for the route tables as they are now. */
export async function generatedKong(): Promise<string> {
  return renderKong(
    kongConfig(
      [
        { name: 'command-services', url: 'http://command-services:8001', routes: await commandRouteTable() },
        { name: 'query-api', url: 'http://query-api:8002', routes: await queryRouteTable() },
        { name: 'files', url: 'http://files:8003', routes: await fileRouteTable() },
      ],
      gatewayPolicy,
    ),
  );
}

if (import.meta.main) {
  const text = await generatedKong();
  if (process.argv.includes('--check')) {
    const current = readFileSync(kongFile, 'utf8') === text;
    process.stdout.write(
      current ? 'kong/kong.yml is current\n' : 'kong/kong.yml is stale: run npm run kong\n',
    );
    process.exit(current ? 0 : 1);
  }
  writeFileSync(kongFile, text);
  process.stdout.write(`wrote ${kongFile}\n`);
  process.exit(0);
}
