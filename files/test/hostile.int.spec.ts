import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import sharp from 'sharp';
import {
  animatedGif,
  elfExecutable,
  jpegWithGps,
  pngDeclaring,
  svgWithXxe,
  withJpegComment,
  zipOf,
} from './corpus.ts';
import { photo, startTestService, tokenFor, uploadForm } from './helpers.ts';

let service: Awaited<ReturnType<typeof startTestService>>;
let db: mongoose.Connection;

beforeAll(async () => {
  service = await startTestService();
  db = await mongoose.createConnection(process.env['MONGO_URL']!, { dbName: service.database }).asPromise();
});
afterAll(async () => {
  await db.close();
  await service.stop();
});

const storedObjects = async (): Promise<number> => db.collection('files.files').countDocuments();

const upload = (bytes: Buffer, filename: string, purpose = 'post') =>
  fetch(`${service.url}/files`, {
    method: 'POST',
    body: uploadForm(bytes, { purpose }, filename),
    headers: { authorization: `Bearer ${tokenFor('mallory')}` },
  });

/** Sends a corpus entry that must be refused, and checks nothing was stored for it. */
async function refused(bytes: Buffer, filename: string) {
  const before = await storedObjects();
  const response = await upload(bytes, filename);
  const body = (await response.json()) as {
    statusCode: number;
    code: string;
    message: string;
    field?: string;
  };
  expect(await storedObjects()).toBe(before);
  return { status: response.status, ...body };
}

describe('the hostile corpus', () => {
  it('refuses a PNG declaring 30000×30000 pixels before decoding it', async () => {
    const answer = await refused(pngDeclaring(30_000, 30_000, 1), 'huge.png');
    expect(answer).toMatchObject({ status: 422, code: 'TOO_MANY_PIXELS', field: 'file' });
    expect(answer.message).toContain('30000×30000');
  });

  it('refuses a decompression bomb: 49 megapixels of zeros in a few KB', async () => {
    const bomb = pngDeclaring(7000, 7000, 7000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await refused(bomb, 'bomb.png')).toMatchObject({ status: 422, code: 'TOO_MANY_PIXELS' });
  });

  it('refuses a truncated JPEG as undecodable', async () => {
    const jpeg = await photo(800, 600);
    const answer = await refused(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'cut.jpg');
    expect(answer).toMatchObject({ status: 422, code: 'UNREADABLE_IMAGE' });
    expect(answer.message).toMatch(/truncated or corrupt/);
  });

  it('refuses a JPEG+ZIP polyglot, naming the archive', async () => {
    const polyglot = Buffer.concat([await photo(200, 200), zipOf('payload.html', Buffer.from('<b>hi</b>'))]);
    const answer = await refused(polyglot, 'innocent.jpg');
    expect(answer).toMatchObject({ status: 415, code: 'POLYGLOT' });
    expect(answer.message).toContain('ZIP archive');
  });

  it('refuses a JPEG+HTML polyglot (markup in a comment segment), naming the markup', async () => {
    const polyglot = withJpegComment(
      await photo(200, 200),
      '<html><script>alert(document.cookie)</script></html>',
    );
    const answer = await refused(polyglot, 'innocent.jpg');
    expect(answer).toMatchObject({ status: 415, code: 'POLYGLOT' });
    expect(answer.message).toContain('HTML');
  });

  it('refuses HTML appended after a JPEG’s end', async () => {
    const polyglot = Buffer.concat([
      await photo(200, 200),
      Buffer.from('<!doctype html><script>x()</script>'),
    ]);
    expect(await refused(polyglot, 'innocent.jpg')).toMatchObject({ status: 415, code: 'POLYGLOT' });
  });

  it('refuses an SVG with an XXE entity and an external href, saying it is SVG', async () => {
    const answer = await refused(svgWithXxe, 'logo.png');
    expect(answer).toMatchObject({ status: 415, code: 'UNSUPPORTED_TYPE' });
    expect(answer.message).toContain('SVG');
  });

  it('refuses an executable renamed .jpg, saying what it is', async () => {
    const answer = await refused(elfExecutable(), 'photo.jpg');
    expect(answer).toMatchObject({ status: 415, code: 'UNSUPPORTED_TYPE' });
    expect(answer.message).toContain('ELF executable');
  });

  it('refuses a PDF', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    expect((await refused(pdf, 'scan.jpg')).message).toContain('PDF');
  });

  it('takes a GIF renamed .png by its content', async () => {
    const gif = await sharp(await photo(300, 200))
      .gif()
      .toBuffer();
    const response = await upload(gif, 'really.png');
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { variants: Record<string, { width: number; height: number }> };
    expect(answer.variants['640']).toMatchObject({ width: 300, height: 200 });
  });

  it('takes only the first frame of an animated GIF with thousands of frames', async () => {
    const gif = await animatedGif(3000, 16);
    expect((await sharp(gif).metadata()).pages).toBeGreaterThan(2000);
    const response = await upload(gif, 'anim.gif', 'avatar');
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { variants: Record<string, { url: string }> };
    const image = Buffer.from(
      await (await fetch(`${service.url}${answer.variants['64']?.url}`)).arrayBuffer(),
    );
    const metadata = await sharp(image).metadata();
    expect(metadata).toMatchObject({ width: 64, height: 64 });
    expect(metadata.pages ?? 1).toBe(1);
  });

  it('strips GPS and every other metadata from a JPEG', async () => {
    const jpeg = await jpegWithGps();
    const input = await sharp(jpeg).metadata();
    expect(input.exif?.toString('latin1')).toContain('TestCam');
    const response = await upload(jpeg, 'holiday.jpg');
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { variants: Record<string, { url: string }> };
    for (const variant of Object.values(answer.variants)) {
      const bytes = Buffer.from(await (await fetch(`${service.url}${variant.url}`)).arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect({ exif: metadata.exif, xmp: metadata.xmp, icc: metadata.icc, iptc: metadata.iptc }).toEqual({
        exif: undefined,
        xmp: undefined,
        icc: undefined,
        iptc: undefined,
      });
      expect(bytes.includes(Buffer.from('TestCam'))).toBe(false);
    }
  });
});
