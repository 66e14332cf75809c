import { fileTypeFromBuffer } from 'file-type';
import { FileRefused } from './refusal.ts';

/** The image formats accepted, by the MIME type `file-type` reads from their bytes. */
export const acceptedTypes: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/avif': 'AVIF',
  'image/gif': 'GIF',
};

const accepted = 'send a JPEG, PNG, WebP, AVIF or GIF image';

/** Words for what was found, where the MIME type alone reads poorly. */
const described: Readonly<Record<string, string>> = {
  'application/zip': 'a ZIP archive',
  'application/pdf': 'a PDF document',
  'application/x-elf': 'an ELF executable',
  'application/x-msdownload': 'a Windows executable',
  'application/x-mach-binary': 'a Mach-O executable',
  'application/x-sh': 'a shell script',
  'image/svg+xml': 'an SVG image',
  'text/html': 'an HTML document',
  'application/xml': 'an XML document',
  'image/tiff': 'a TIFF image',
  'image/bmp': 'a BMP image',
  'image/x-icon': 'an icon file',
  'image/heic': 'a HEIC image',
};

const describe = (mime: string): string => described[mime] ?? `${mime} content`;

// Markup that a browser would act on, anywhere in the bytes (long enough not to occur by chance in
// compressed image data). XMP metadata (`<?xpacket`, `<x:xmpmeta`, `<rdf:`) does not match.
const markup = /<(?:html|script|svg|iframe|body|object|embed|!doctype\s+html)[\s>/]/i;

/** What text content is, when `file-type` (which reads binary signatures) finds nothing. */
function describeText(bytes: Buffer): string {
  const head = bytes
    .subarray(0, 4096)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  if (/<svg[\s>]/i.test(bytes.subarray(0, 65536).toString('latin1'))) return 'an SVG image';
  if (/^<!doctype\s+html|^<html/i.test(head) || markup.test(head)) return 'an HTML document';
  if (head.startsWith('<?xml') || head.startsWith('<!DOCTYPE')) return 'an XML document';
  if (head.startsWith('#!')) return 'a script';
  return 'data that is not an image';
}

/** Where a JPEG's image ends (after its EOI marker), walking its segments; undefined if it never does. */
export function jpegEnd(bytes: Buffer): number | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd9) return at + 2;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    at += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      while (at + 1 < bytes.length) {
        if (bytes[at] === 0xff) {
          const next = bytes[at + 1] ?? 0;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        at += 1;
      }
    }
  }
  return undefined;
}

/** Where a PNG ends (after its IEND chunk); undefined if it never does. */
export function pngEnd(bytes: Buffer): number | undefined {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    at += 12 + length;
    if (type === 'IEND') return at;
  }
  return undefined;
}

/** What is appended after the image, if anything other than padding or more JPEG frames (MPF). */
async function appended(bytes: Buffer, end: number | undefined): Promise<string | undefined> {
  if (end === undefined || end >= bytes.length) return undefined;
  const trailer = bytes.subarray(end);
  if (trailer.every((byte) => byte === 0x00 || byte === 0xff || byte === 0x0a || byte === 0x0d))
    return undefined;
  const found = await fileTypeFromBuffer(trailer);
  if (found?.mime === 'image/jpeg') return undefined;
  return found ? describe(found.mime) : describeText(trailer);
}

// End of a ZIP archive's central directory: a ZIP appended to any image ends with one.
function endsWithZip(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
  return tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
}

/**
 * What the bytes are, checked by content and never by name or declared type. Refuses (415, naming
 * what was found) anything but the accepted image formats, and polyglots: images that also carry
 * an archive, markup or an executable a browser or another tool would act on.
 */
export async function identify(bytes: Buffer): Promise<{ mime: string; format: string }> {
  const found = await fileTypeFromBuffer(bytes);
  if (found === undefined) {
    throw new FileRefused(415, 'UNSUPPORTED_TYPE', `the file is ${describeText(bytes)}; ${accepted}`, 'file');
  }
  const format = acceptedTypes[found.mime];
  if (format === undefined) {
    // XML may be SVG or XHTML: say which.
    const what = /xml|svg|html/.test(found.mime) ? describeText(bytes) : describe(found.mime);
    throw new FileRefused(415, 'UNSUPPORTED_TYPE', `the file is ${what}; ${accepted}`, 'file');
  }
  const polyglot = (what: string): FileRefused =>
    new FileRefused(
      415,
      'POLYGLOT',
      `the file is a ${format} image that also carries ${what} (a polyglot); ${accepted} alone`,
      'file',
    );
  const end =
    found.mime === 'image/jpeg' ? jpegEnd(bytes) : found.mime === 'image/png' ? pngEnd(bytes) : undefined;
  const trailer = await appended(bytes, end);
  if (trailer !== undefined) throw polyglot(trailer);
  if (endsWithZip(bytes)) throw polyglot('a ZIP archive');
  if (markup.test(bytes.toString('latin1'))) throw polyglot('HTML markup');
  return { mime: found.mime, format };
}
