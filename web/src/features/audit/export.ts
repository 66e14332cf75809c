import type { HistoryFilter } from './api';
import { definedOnly } from './api';

export type ExportFormat = 'ndjson' | 'csv';

/** What an export's last line states about the bytes before it. */
export interface ExportTrailer {
  readonly count: number;
  readonly sha256: string;
  readonly signature: string;
}

/** The trailer of an export (NDJSON: a JSON line; CSV: `#trailer count=… sha256=… signature=…`). */
export function trailerOf(format: ExportFormat, lastLine: string): ExportTrailer | null {
  if (format === 'ndjson') {
    try {
      const { trailer } = JSON.parse(lastLine) as { trailer?: ExportTrailer };
      return trailer ?? null;
    } catch {
      return null;
    }
  }
  const match = /^#trailer count=(\d+) sha256=([0-9a-f]{64}) signature=(\S+)$/.exec(lastLine);
  return match ? { count: Number(match[1]), sha256: match[2] ?? '', signature: match[3] ?? '' } : null;
}

const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/** An export downloaded and checked: its file name, and whether its body matches its trailer. */
export interface DownloadedExport {
  readonly fileName: string;
  readonly trailer: ExportTrailer | null;
  readonly hashMatches: boolean;
  readonly bytes: number;
}

/**
 * Fetches the filtered history's export with the auditor's token, checks the body's SHA-256 against
 * the trailer, and hands the file to the browser as a download. (The trailer's signature is checked
 * outside the app, against /auth/jwks.json: that is what makes the file evidence.)
 */
export async function downloadExport(
  accessToken: string,
  format: ExportFormat,
  filter: HistoryFilter,
): Promise<DownloadedExport> {
  const params = new URLSearchParams({ ...definedOnly(filter), format });
  const response = await fetch(`/audit/export?${params.toString()}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as unknown;
    throw Object.assign(new Error('export refused'), { status: response.status, data: body });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  // The trailer is the last line; the hash covers every byte before it.
  let end = bytes.length - 1;
  while (end > 0 && (bytes[end] === 0x0a || bytes[end] === 0x0d)) end -= 1;
  const start = bytes.lastIndexOf(0x0a, end) + 1;
  const trailer = trailerOf(format, new TextDecoder().decode(bytes.subarray(start, end + 1)));
  const digest = hex(await crypto.subtle.digest('SHA-256', bytes.subarray(0, start)));
  const fileName =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `audit.${format}`;
  const url = URL.createObjectURL(new Blob([bytes], { type: response.headers.get('content-type') ?? '' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { fileName, trailer, hashMatches: trailer?.sha256 === digest, bytes: bytes.length };
}
