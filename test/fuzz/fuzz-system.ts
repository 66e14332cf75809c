// The whole back end started as the slice tests start it (command services with the auth routes,
// projectors, query API, file service), listening on real sockets, with one of each kind of thing in
// it, and the operations of its three OpenAPI documents: what the fuzz test and `bench:fuzz` drive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { repoRoot } from '@engage/stack';
import { startSystem, type System } from '../slices/system.ts';
import {
  operationsOf,
  type FuzzSystem,
  type FuzzTargets,
  type OpenApiDocument,
  type Operation,
} from './fuzz.ts';

export interface FuzzedSystem {
  readonly system: System;
  readonly operations: Operation[];
  readonly targets: FuzzTargets;
  readonly fuzzSystem: FuzzSystem;
}

const document = (name: string): OpenApiDocument =>
  JSON.parse(readFileSync(join(repoRoot, 'openapi', name), 'utf8')) as OpenApiDocument;

export async function startFuzzedSystem(): Promise<FuzzedSystem> {
  const admin = { email: 'fuzz.admin@example.com', password: 'the admin passphrase, long' };
  // Tokens outlive the run: a 2,000-case run takes longer than the default 15 minutes.
  const system = await startSystem(admin, { files: true, tokenTtlSeconds: 4 * 3600 });
  await system.queries.listen({ host: '127.0.0.1', port: 0 });
  const address = system.queries.server.address();
  const queriesUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const files = system.files!;

  const adminToken = await system.signIn(admin.email, admin.password, 'catalogs:manage');
  const member = await system.person('Fuzzy', 'posts:write');
  // Someone for the fuzzer to deactivate and re-role, so the two callers keep their accounts.
  const target = await system.person('Target');
  const ids = [member.id, target.id];
  const idOf = async (answer: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const { body } = await answer;
    if (typeof body['id'] === 'string') ids.push(body['id']);
    return typeof body['position'] === 'string' ? body['position'] : undefined;
  };
  await idOf(
    system.command('POST', '/kudos-kinds', adminToken, { name: 'Fuzzed', description: 'by the fuzzer' }),
  );
  await idOf(system.command('POST', '/statuses', adminToken, { name: 'Fuzzing' }));
  await idOf(system.command('POST', '/genders', adminToken, { name: 'Fuzzed' }));
  const joined = await idOf(
    system.command('POST', '/initiatives', member.token, { name: 'Fuzz club', visibility: 'public' }),
  );
  const initiative = ids.at(-1);
  await idOf(
    system.command('POST', `/posts?consistentWith=${joined ?? ''}`, member.token, {
      text: 'A post to fuzz',
      initiative,
    }),
  );
  const post = ids.at(-1);
  await idOf(system.command('POST', `/posts/${post ?? ''}/comments`, adminToken, { text: 'A comment' }));
  const comment = (await system.query(`/posts/${post ?? ''}`, member.token)).body['comments'];
  for (const item of (comment as { items?: Array<{ id?: string }> } | undefined)?.items ?? [])
    if (item.id !== undefined) ids.push(item.id);

  const png = await sharp({
    create: { width: 24, height: 16, channels: 3, background: { r: 200, g: 80, b: 40 } },
  })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('purpose', 'avatar');
  form.append('file', new Blob([new Uint8Array(png)]), 'a.png');
  const uploaded = await fetch(`${files.address}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${member.token}` },
    body: form,
  });
  const file = (await uploaded.json()) as { id?: string };
  if (file.id !== undefined) ids.push(file.id);

  const filesDocument = (await (await fetch(`${files.address}/files/docs`)).json()) as OpenApiDocument;
  const operations = [
    ...operationsOf('commands', system.commands.address, document('commands.json')),
    ...operationsOf('query', queriesUrl, document('query.json')),
    ...operationsOf('files', files.address, filesDocument),
  ];
  return {
    system,
    operations,
    targets: { known: { ids }, images: [new Uint8Array(png)] },
    fuzzSystem: {
      tokens: { admin: adminToken, member: member.token },
      kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '',
      topicPrefix: system.prefix,
    },
  };
}
