// `npm run bench:files`: 4-megapixel JPEG uploads into every post variant through HTTP (the file
// service in its own process: multipart, content checks, sharp, GridFS, the FileUploaded append),
// against sharp alone doing the same decode, rotate, crop and resizes in a loop in this process.
// First, the hostile corpus beside 20 concurrent ~10 MB uploads: the service's peak RSS above its
// idle baseline (target: under 256 MB) and the temporary files it left (target: none).
// Then AVIF beside WebP for the same post variants (encode time, bytes; see avif.ts).
// Prints uploads per second, p99 latency, the service's idle and peak RSS, and `ratio: X`.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import sharp from 'sharp';
import { issueAccessToken, KeyStore } from '@engage/auth';
import { variantsOf } from '@engage/files';
import { hostileCorpus, jpegOfAbout } from '@engage/files/test-corpus';
import { repoRoot } from '@engage/stack';
import { compareEncodings, describeEncodings } from './avif.ts';
import { benchServers, percentile } from './servers.ts';

const seconds = Number(process.env['BENCH_FILES_SECONDS'] ?? 15);
const concurrency = Number(process.env['BENCH_FILES_CONCURRENCY'] ?? 2);
const avifRounds = Number(process.env['BENCH_FILES_AVIF_ROUNDS'] ?? 1);
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** A 2448×1632 (4 MP) photo-like JPEG: gradients and noise, so it decodes and compresses like one. */
async function fourMegapixelJpeg(): Promise<Buffer> {
  const width = 2448;
  const height = 1632;
  const noise = randomBytes(width * height * 3);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      noise[at] = ((x * 255) / width + (noise[at] ?? 0) / 8) & 255;
      noise[at + 1] = ((y * 255) / height + (noise[at + 1] ?? 0) / 8) & 255;
      noise[at + 2] = (((x + y) * 255) / (width + height) + (noise[at + 2] ?? 0) / 8) & 255;
    }
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 88 })
    .withExif({ IFD0: { Orientation: '1', Make: 'Bench' } })
    .toBuffer();
}

const crop = { x: 100, y: 80, width: 2200, height: 1400 };

/** What the service does per upload, with sharp alone: decode, rotate, crop, the largest variant, the others from it. */
async function sharpAlone(jpeg: Buffer): Promise<void> {
  const [largest, ...others] = variantsOf.post;
  const { data, info } = await sharp(jpeg, { limitInputPixels: 40_000_000 })
    .rotate()
    .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height })
    .resize({ width: largest!.width, height: largest!.height, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  await Promise.all(
    [largest!, ...others].map((spec) =>
      sharp(data, { raw })
        .resize({ width: spec.width, height: spec.height, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80, effort: 4 })
        .toBuffer(),
    ),
  );
}

/** Runs `task` with `concurrency` in flight for `forSeconds`; its rate and latencies. */
async function loop(
  forSeconds: number,
  task: () => Promise<void>,
): Promise<{ rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const began = performance.now();
  const until = began + forSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await task();
        latencies.push(performance.now() - start);
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** A process's resident set now and at its peak (Linux /proc), in MB. */
function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Starts counting a process's peak RSS afresh (Linux: writing 5 to clear_refs resets VmHWM). */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Older kernels: the peak then covers the warm-up as well, which only overstates it.
  }
}

const { endpoints, release } = await benchServers();
// The service's own temporary directory (sharp/libvips and any upload spooling write under TMPDIR).
const serviceTmp = mkdtempSync(join(tmpdir(), 'bench-files-tmp-'));
const run = randomUUID().slice(0, 8);
const database = `bench-files-${run}`;
const port = 20_000 + Math.floor(Math.random() * 20_000);
const child = spawn(
  process.execPath,
  ['--disable-warning=TimeoutNegativeWarning', join(repoRoot, 'files', 'src', 'server.ts')],
  {
    env: {
      ...process.env,
      KAFKA_BROKERS: endpoints.kafkaBrokers,
      SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
      MONGO_URL: endpoints.mongoUrl,
      MONGO_DB: database,
      TOPIC_PREFIX: `bench-${run}-`,
      INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
      FILES_PORT: String(port),
      TMPDIR: serviceTmp,
      // As ./dev start and docker-compose run it: glibc's per-thread arenas fragment under libvips.
      MALLOC_ARENA_MAX: process.env['MALLOC_ARENA_MAX'] ?? '2',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const url = `http://127.0.0.1:${port}`;
try {
  const connection = await mongoose.createConnection(endpoints.mongoUrl, { dbName: database }).asPromise();
  const key = await new KeyStore(connection).current();
  const token = issueAccessToken(
    key,
    { sub: 'bench', roles: ['member'], permissions: ['profile:edit-own', 'posts:write'] },
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
    if (tries > 240) throw new Error('the file service did not answer /health within 60 s');
    await sleep(250);
  }
  const jpeg = await fourMegapixelJpeg();
  say(
    `input: 2448×1632 JPEG, ${(jpeg.length / 1024 / 1024).toFixed(2)} MB; post variants ${variantsOf.post.map((v) => v.name).join(', ')}; ${concurrency} in flight`,
  );

  const send = async (
    bytes: Buffer,
    fields: Record<string, string>,
    filename = 'photo.jpg',
  ): Promise<number> => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes)]), filename);
    const response = await fetch(`${url}/files`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    return response.status;
  };
  const upload = async (): Promise<void> => {
    const status = await send(jpeg, { purpose: 'post', crop: JSON.stringify(crop) });
    if (status !== 201) throw new Error(`upload answered ${status}`);
  };
  // Warm-up: JIT, sharp's thread pool, the registry and the partition writers.
  for (let i = 0; i < 3; i += 1) await upload();
  await sleep(500);
  const idle = rssOf(child.pid!);

  // The hostile corpus beside 20 uploads of ~10 MB each, all at once.
  const corpus = await hostileCorpus();
  const big = await jpegOfAbout(9.5);
  resetPeak(child.pid!);
  const before = rssOf(child.pid!);
  const statuses = await Promise.all([
    ...Array.from({ length: 20 }, () => send(big, { purpose: 'post' })),
    ...corpus.map((entry) => send(entry.bytes, { purpose: entry.purpose }, entry.filename)),
  ]);
  const stormPeak = rssOf(child.pid!).peak;
  const bigAnswers = statuses.slice(0, 20);
  if (bigAnswers.some((status) => status !== 201))
    throw new Error(`a 10 MB upload was refused: ${bigAnswers.join(', ')}`);
  const left = readdirSync(serviceTmp);
  say(
    `hostile corpus (${corpus.length} entries: ${statuses.slice(20).join(' ')}) beside 20 concurrent ${(big.length / 1024 / 1024).toFixed(1)} MB uploads: ` +
      `RSS idle ${before.rss.toFixed(0)} MB, peak ${stormPeak.toFixed(0)} MB (${(stormPeak - before.rss).toFixed(0)} MB above idle; target < 256); ` +
      `temporary files left: ${left.length}`,
  );
  await sleep(500);

  const alone = await loop(Math.max(5, Math.round(seconds / 2)), () => sharpAlone(jpeg));
  say(
    `sharp alone:  ${alone.rate.toFixed(2)} images/s, p50 ${alone.p50.toFixed(0)} ms, p99 ${alone.p99.toFixed(0)} ms`,
  );
  resetPeak(child.pid!);
  const http = await loop(seconds, upload);
  const after = rssOf(child.pid!);
  say(
    `through HTTP: ${http.rate.toFixed(2)} uploads/s, p50 ${http.p50.toFixed(0)} ms, p99 ${http.p99.toFixed(0)} ms`,
  );
  say(
    `file service RSS: idle ${idle.rss.toFixed(0)} MB, peak ${after.peak.toFixed(0)} MB (${(after.peak - idle.rss).toFixed(0)} MB above idle)`,
  );
  // AVIF beside WebP, on the bench picture and a smoother one (a photo has fewer grains than noise).
  const smooth = await sharp(jpeg).blur(3).jpeg({ quality: 88 }).toBuffer();
  for (const [name, picture] of [
    ['grainy 4 MP', jpeg],
    ['smooth 4 MP', smooth],
  ] as const)
    for (const line of describeEncodings(await compareEncodings(picture, avifRounds), name)) say(line);
  say(`ratio: ${(http.rate / alone.rate).toFixed(2)}`);
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
} finally {
  child.kill('SIGTERM');
  rmSync(serviceTmp, { recursive: true, force: true });
  await release();
}
process.exit(0);
