import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { createKafka, EventCodec, readEvent } from '@engage/event-log';
import { photo, startTestService, tokenFor, uploadForm } from './helpers.ts';

type Service = Awaited<ReturnType<typeof startTestService>>;
let service: Service;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.stop();
});

const upload = (form: FormData, token = tokenFor('ann'), headers: Record<string, string> = {}) =>
  fetch(`${service.url}/files`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });

interface UploadAnswer {
  id: string;
  variants: Record<string, { url: string; width: number; height: number; bytes: number }>;
  position: string;
}

describe('POST /files', () => {
  it('turns a photo into the post variants, never enlarged, and records FileUploaded', async () => {
    const response = await upload(uploadForm(await photo(1600, 900)));
    expect(response.status).toBe(201);
    const answer = (await response.json()) as UploadAnswer;
    expect(answer.position).toMatch(new RegExp(`^${service.topicPrefix}files:\\d+:\\d+$`));
    expect(Object.keys(answer.variants).sort()).toEqual(['1280', '1920', '640']);
    expect(answer.variants['1920']).toMatchObject({ width: 1600, height: 900 });
    expect(answer.variants['1280']).toMatchObject({ width: 1280, height: 720 });
    expect(answer.variants['640']).toMatchObject({ width: 640, height: 360, url: `/files/${answer.id}/640` });

    const image = await fetch(`${service.url}${answer.variants['640']?.url}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.length).toBe(answer.variants['640']?.bytes);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 640, height: 360 });

    const kafka = createKafka(process.env['KAFKA_BROKERS']!, 'files-test');
    const codec = await EventCodec.create(process.env['SCHEMA_REGISTRY_URL']!);
    const [topic, partition, offset] = answer.position.split(':');
    const consumer = kafka.consumer({ groupId: `files-test-${answer.id}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic!], fromBeginning: true });
    const event = await new Promise<Awaited<ReturnType<typeof readEvent>>>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition: at }) => {
          if (at === Number(partition) && message.offset === offset)
            resolve(
              await readEvent(codec, topic!, at, { ...message, headers: message.headers ?? {} } as never),
            );
        },
      });
    });
    await consumer.disconnect();
    expect(event).toMatchObject({
      type: 'FileUploaded',
      data: {
        fileId: answer.id,
        ownerId: 'ann',
        purpose: 'post',
        contentType: 'image/jpeg',
        width: 1600,
        height: 900,
      },
    });
  });

  it('crops, and squares an avatar into 256 and 64', async () => {
    const crop = JSON.stringify({ x: 100, y: 50, width: 400, height: 300 });
    const response = await upload(uploadForm(await photo(800, 600), { purpose: 'avatar', crop }));
    expect(response.status).toBe(201);
    const answer = (await response.json()) as UploadAnswer;
    expect(answer.variants).toMatchObject({
      '256': { width: 256, height: 256 },
      '64': { width: 64, height: 64 },
    });
  });

  it('refuses a crop outside the image with 400 naming crop, and stores nothing', async () => {
    const crop = JSON.stringify({ x: 700, y: 0, width: 200, height: 100 });
    const response = await upload(uploadForm(await photo(800, 600), { purpose: 'avatar', crop }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'CROP_OUTSIDE_IMAGE', field: 'crop' });
  });

  it('refuses a bad purpose, two files, or no file, naming the field', async () => {
    const bytes = await photo(64, 64);
    const bad = await upload(uploadForm(bytes, { purpose: 'wallpaper' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'purpose' });
    const two = uploadForm(bytes);
    two.append('file', new Blob([new Uint8Array(bytes)]), 'again.jpg');
    const twice = await upload(two);
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({
      field: 'file',
      message: expect.stringContaining('exactly one'),
    });
    const form = new FormData();
    form.append('purpose', 'post');
    const none = await upload(form);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ field: 'file' });
  });

  it('answers 413 over 10 MB', async () => {
    const response = await upload(uploadForm(Buffer.alloc(10 * 1024 * 1024 + 1, 1)));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'TOO_LARGE', field: 'file' });
  });

  it('answers 401 without a token and 403 without the purpose’s permission', async () => {
    const bytes = await photo(64, 64);
    expect((await fetch(`${service.url}/files`, { method: 'POST', body: uploadForm(bytes) })).status).toBe(
      401,
    );
    expect((await upload(uploadForm(bytes), tokenFor('audra', 'auditor'))).status).toBe(403);
  });
});

describe('GET /files/{id}/{variant}', () => {
  it('is cacheable forever, answers 304 to its ETag, and serves byte ranges', async () => {
    const answer = (await (await upload(uploadForm(await photo(800, 600)))).json()) as UploadAnswer;
    const url = `${service.url}/files/${answer.id}/640`;
    const full = await fetch(url);
    const etag = full.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await full.arrayBuffer());

    const again = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);

    const part = await fetch(url, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    const tail = await fetch(url, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 5));
    const outside = await fetch(url, { headers: { range: `bytes=${bytes.length}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('answers 404 for an unknown file or variant name', async () => {
    expect((await fetch(`${service.url}/files/nope/640`)).status).toBe(404);
    expect((await fetch(`${service.url}/files/nope/huge`)).status).toBe(400);
  });
});

describe('DELETE /files/{id}', () => {
  it('lets only the owner or a moderator delete, and removes the bytes', async () => {
    const answer = (await (await upload(uploadForm(await photo(300, 200)))).json()) as UploadAnswer;
    const remove = (token: string) =>
      fetch(`${service.url}/files/${answer.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
    const foreign = await remove(tokenFor('bob'));
    expect(foreign.status).toBe(403);
    expect((await fetch(`${service.url}${answer.variants['640']?.url}`)).status).toBe(200);
    const removed = await remove(tokenFor('ann'));
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ id: answer.id, version: 2 });
    expect((await fetch(`${service.url}${answer.variants['640']?.url}`)).status).toBe(404);
    expect((await remove(tokenFor('ann'))).status).toBe(404);
  });

  it('lets an admin delete anyone’s file', async () => {
    const answer = (await (await upload(uploadForm(await photo(300, 200)))).json()) as UploadAnswer;
    const removed = await fetch(`${service.url}/files/${answer.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokenFor('root', 'admin')}` },
    });
    expect(removed.status).toBe(200);
  });
});
