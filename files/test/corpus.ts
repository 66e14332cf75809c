// A hostile test corpus, generated: each entry is bytes a person might send, and what must happen.
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { photo } from './helpers.ts';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG whose header declares `width`×`height` grey pixels, with `rows` of real (zero) data. */
export function pngDeclaring(width: number, height: number, rows: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(rows * (width + 1)), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A ZIP archive with one stored file. */
export function zipOf(name: string, content: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = local.length + nameBytes.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, content, central, nameBytes, end]);
}

/** A JPEG with a comment segment (COM) right after its start marker. */
export function withJpegComment(jpeg: Buffer, comment: string): Buffer {
  const text = Buffer.from(comment, 'latin1');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}

/** An animated GIF of about `frames` frames of `size`×`size` (the encoder merges a few alike). */
export async function animatedGif(frames: number, size: number): Promise<Buffer> {
  const data = Buffer.alloc(size * size * frames * 3);
  for (let frame = 0; frame < frames; frame += 1)
    for (let pixel = 0; pixel < size * size; pixel += 1) {
      const at = (frame * size * size + pixel) * 3;
      data[at] = frame % 256;
      data[at + 1] = Math.floor(frame / 256) * 20;
      data[at + 2] = pixel % 256;
    }
  return sharp(data, { raw: { width: size, height: size * frames, channels: 3, pageHeight: size } })
    .gif({ effort: 1 })
    .toBuffer();
}

/** A JPEG carrying camera EXIF with a GPS position. */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp(await photo(400, 300))
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Spy 1', Copyright: 'Ann' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 0/1',
      },
    })
    .jpeg()
    .toBuffer();
}

export const svgWithXxe = Buffer.from(
  `<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">
  <text x="0" y="20">&xxe;</text>
  <image xlink:href="http://attacker.example/track.png" width="10" height="10"/>
</svg>
`,
);

/** The first 64 KB of the Node binary running this test: a real ELF executable. */
export const elfExecutable = (): Buffer => readFileSync(process.execPath).subarray(0, 65_536);

/** One entry of the corpus: bytes, the name they arrive under, and the purpose they are sent for. */
export interface CorpusEntry {
  readonly name: string;
  readonly filename: string;
  readonly purpose: 'avatar' | 'cover' | 'post';
  readonly bytes: Buffer;
}

/** The whole hostile corpus as a list (what the hostile test sends one by one, with its checks). */
export async function hostileCorpus(): Promise<CorpusEntry[]> {
  const small = await photo(200, 200);
  const truncated = await photo(800, 600);
  const entry = (
    name: string,
    filename: string,
    bytes: Buffer,
    purpose: CorpusEntry['purpose'] = 'post',
  ) => ({
    name,
    filename,
    purpose,
    bytes,
  });
  return [
    entry('PNG declaring 30000×30000', 'huge.png', pngDeclaring(30_000, 30_000, 1)),
    entry('decompression bomb', 'bomb.png', pngDeclaring(7000, 7000, 7000)),
    entry('39 MP PNG (just under the limit)', 'big.png', pngDeclaring(6000, 6500, 6500)),
    entry('truncated JPEG', 'cut.jpg', truncated.subarray(0, Math.floor(truncated.length * 0.6))),
    entry(
      'JPEG+ZIP',
      'innocent.jpg',
      Buffer.concat([small, zipOf('payload.html', Buffer.from('<b>hi</b>'))]),
    ),
    entry('JPEG+HTML', 'innocent.jpg', withJpegComment(small, '<html><script>x()</script></html>')),
    entry('SVG with XXE', 'logo.png', svgWithXxe),
    entry('GIF renamed .png', 'really.png', await sharp(small).gif().toBuffer()),
    entry('executable renamed .jpg', 'photo.jpg', elfExecutable()),
    entry('animated GIF, 3000 frames', 'anim.gif', await animatedGif(3000, 16), 'avatar'),
    entry('JPEG with GPS EXIF', 'holiday.jpg', await jpegWithGps()),
  ];
}

/**
 * A photo-like JPEG of about `megabytes` MB (noise compresses badly, as a high-quality camera
 * photo does): `bench:files` sends 20 of them at once beside the corpus.
 */
export async function jpegOfAbout(megabytes: number): Promise<Buffer> {
  let side = 1600;
  for (;;) {
    const noise = Buffer.alloc(side * side * 3);
    for (let at = 0; at < noise.length; at += 1) noise[at] = (Math.random() * 256) | 0;
    const jpeg = await sharp(noise, { raw: { width: side, height: side, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const ratio = (megabytes * 1024 * 1024) / jpeg.length;
    if (Math.abs(ratio - 1) < 0.08 || side > 6000) return jpeg;
    side = Math.round(side * Math.sqrt(ratio) * 0.98);
  }
}
