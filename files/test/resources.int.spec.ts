// The file service as it runs (its own process, its own TMPDIR): the hostile corpus beside a few
// ~10 MB uploads at once, an upload over the limit and one the client abandons half-way; afterwards
// no temporary file is left. (bench:files measures the peak RSS of the same, with 20 uploads.)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { issueAccessToken, KeyStore } from '@engage/auth';
import { repoRoot } from '@engage/stack';
import { hostileCorpus, jpegOfAbout } from './corpus.ts';
import { uploadForm } from './helpers.ts';

const serviceTmp = mkdtempSync(join(tmpdir(), 'files-test-tmp-'));
const database = `files-resources-${randomUUID().slice(0, 8)}`;
const port = 20_000 + Math.floor(Math.random() * 20_000);
const url = `http://127.0.0.1:${port}`;
let child: ChildProcess;
let connection: mongoose.Connection;
let token: string;

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', join(repoRoot, 'files', 'src', 'server.ts')],
    {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        MONGO_DB: database,
        TOPIC_PREFIX: `t-${database}-`,
        INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
        FILES_PORT: String(port),
        KAFKA_PARTITIONS: '2',
        TMPDIR: serviceTmp,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  connection = await mongoose.createConnection(process.env['MONGO_URL']!, { dbName: database }).asPromise();
  token = issueAccessToken(
    await new KeyStore(connection).current(),
    { sub: 'mallory', roles: ['member'], permissions: ['profile:edit-own', 'posts:write'] },
    { issuer: 'engage', audience: 'engage-api' },
  );
  for (
    let tries = 0;
    !(await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    ));
    tries += 1
  ) {
    if (tries > 480) throw new Error('the file service did not answer /health within 120 s');
    await sleep(250);
  }
}, 180_000);

afterAll(async () => {
  child.kill('SIGTERM');
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
  rmSync(serviceTmp, { recursive: true, force: true });
});

const send = async (bytes: Buffer, purpose: string, filename = 'photo.jpg', signal?: AbortSignal) => {
  const response = await fetch(`${url}/files`, {
    method: 'POST',
    body: uploadForm(bytes, { purpose }, filename),
    headers: { authorization: `Bearer ${token}` },
    ...(signal === undefined ? {} : { signal }),
  });
  await response.arrayBuffer();
  return response.status;
};

it('leaves no temporary file behind after the corpus, large uploads, a refused and an abandoned one', async () => {
  const corpus = await hostileCorpus();
  const large = await jpegOfAbout(9.5);
  const abandoned = new AbortController();
  const answers = Promise.all([
    ...Array.from({ length: 4 }, () => send(large, 'post')),
    ...corpus.map((entry) => send(entry.bytes, entry.purpose, entry.filename)),
    send(Buffer.concat([large, large]), 'post'),
    send(large, 'post', 'photo.jpg', abandoned.signal).catch(() => 'abandoned'),
  ]);
  abandoned.abort();
  const statuses = await answers;
  expect(statuses.slice(0, 4)).toEqual([201, 201, 201, 201]);
  expect(
    statuses.slice(4, 4 + corpus.length).every((status) => status === 201 || (status as number) >= 400),
  ).toBe(true);
  expect(statuses.slice(-2)).toEqual([413, 'abandoned']);
  // The service still answers (the abandoned upload freed its slot), and its TMPDIR is empty.
  expect(await send(await jpegOfAbout(0.2), 'avatar')).toBe(201);
  expect(readdirSync(serviceTmp)).toEqual([]);
}, 600_000);
