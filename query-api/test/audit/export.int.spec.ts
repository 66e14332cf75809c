// GET /audit/export: streamed NDJSON and RFC 4180 CSV, ending with a trailer whose count and SHA-256
// match the body and whose signature verifies with the published JWKS; a changed byte fails it.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KeyStore } from '@engage/auth';
import { csvColumns } from '../../src/audit/export.ts';
import { projected, startAuditFixture, type AuditFixture, type Fact } from './fixture.ts';

const at = Date.UTC(2026, 6, 1, 12);
const reasons = ['plain', 'with, a comma', 'with "quotes"', 'two\r\nlines', 'ünïcödé ✓'];

/** Splits an export into its body (every byte before the last line) and its trailer line. */
function split(file: Buffer): { body: Buffer; trailer: string } {
  const end = file.lastIndexOf('\n', file.length - 2) + 1;
  return { body: file.subarray(0, end), trailer: file.subarray(end).toString().trim() };
}

/** Checks a compact JWS against a JWKS with node:crypto alone; its payload, or null if it fails. */
function verified(jws: string, keys: ReadonlyArray<{ kid: string }>): Record<string, unknown> | null {
  const [header, payload, signature] = jws.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return null;
  const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as {
    alg: string;
    kid: string;
  };
  const jwk = keys.find((key) => key.kid === kid);
  if (alg !== 'ES256' || jwk === undefined) return null;
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  return ok ? (JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>) : null;
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return records;
}

describe('GET /audit/export', () => {
  let fixture: AuditFixture;
  let auditor: string;
  const giver = `g-${randomUUID()}`;
  const count = 25;

  const download = async (query: string) => {
    const response = await fixture.app.inject({
      method: 'GET',
      url: `/audit/export?${query}`,
      headers: { authorization: `Bearer ${auditor}` },
    });
    return { status: response.statusCode, headers: response.headers, file: response.rawPayload };
  };
  const jwks = async () => new KeyStore(fixture.db).published();

  beforeAll(async () => {
    fixture = await startAuditFixture();
    auditor = await fixture.token(['auditor']);
    const facts: Fact[] = Array.from({ length: count }, (_, index) => ({
      aggregateId: giver,
      occurredAt: at + index * 1000,
      actor: giver,
      event: {
        type: 'KudosGiven',
        data: {
          kudosId: `k${index}`,
          from: giver,
          to: `r${index % 3}`,
          kindId: 'helper',
          reason: reasons[index % reasons.length] as string,
          budgetPeriod: '2026-W27',
          givenAt: at + index * 1000,
        },
      },
    }));
    await fixture.write('kudos', await fixture.chain('kudos', facts));
    await fixture.write(
      'user-status',
      await fixture.chain('user-status', [
        {
          aggregateId: giver,
          occurredAt: at + count * 1000,
          event: {
            type: 'StatusSet',
            data: {
              userId: giver,
              statusId: 'away',
              reason: 'Trip',
              effectiveAt: at,
              recordedAt: at + count * 1000,
              setBy: giver,
            },
          },
        },
      ]),
    );
    await fixture.project();
    await projected(fixture);
  }, 120_000);

  afterAll(async () => {
    await (fixture as AuditFixture | undefined)?.stop();
  });

  it('streams NDJSON whose trailer states the count and hash, signed with a published key', async () => {
    const { status, headers, file } = await download('format=ndjson');
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^application\/x-ndjson/);
    const { body, trailer } = split(file);
    const lines = body.toString().trimEnd().split('\n');
    expect(lines).toHaveLength(count + 1);
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
      ...Array<string>(count).fill('KudosGiven'),
      'StatusSet',
    ]);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ version: 2, data: { reason: reasons[1] } });
    const { trailer: stated } = JSON.parse(trailer) as {
      trailer: { count: number; sha256: string; signature: string };
    };
    expect(stated.count).toBe(count + 1);
    expect(stated.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(verified(stated.signature, await jwks())).toMatchObject({
      typ: 'audit-export',
      format: 'ndjson',
      count: count + 1,
      sha256: stated.sha256,
    });
  });

  it('streams RFC 4180 CSV in a stable column order, with the same kind of trailer', async () => {
    const { status, headers, file } = await download('format=csv&type=KudosGiven');
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/csv/);
    const { body, trailer } = split(file);
    const records = parseCsv(body.toString());
    expect(records[0]).toEqual([...csvColumns]);
    expect(records).toHaveLength(count + 1);
    expect(records.slice(1).map((record) => record.length)).toEqual(
      Array<number>(count).fill(csvColumns.length),
    );
    const column = (name: (typeof csvColumns)[number]) => csvColumns.indexOf(name);
    for (const [index, record] of records.slice(1).entries()) {
      expect(record[column('version')]).toBe(String(index + 1));
      expect(record[column('schemaSubject')]).toBe('kudos-engage.kudos.KudosGiven');
      expect((JSON.parse(record[column('data')] ?? '') as { reason: string }).reason).toBe(
        reasons[index % reasons.length],
      );
    }
    const match = /^#trailer count=(\d+) sha256=([0-9a-f]{64}) signature=(\S+)$/.exec(trailer);
    expect(match?.[1]).toBe(String(count));
    expect(match?.[2]).toBe(createHash('sha256').update(body).digest('hex'));
    expect(verified(match?.[3] ?? '', await jwks())).toMatchObject({
      format: 'csv',
      count,
      sha256: match?.[2],
      filters: { type: 'KudosGiven' },
    });
  });

  it('fails the check when one byte of the body or of the signed trailer changes', async () => {
    const { file } = await download('format=ndjson');
    const { body, trailer } = split(file);
    const stated = (JSON.parse(trailer) as { trailer: { sha256: string; signature: string } }).trailer;
    const tampered = Buffer.from(body);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    expect(createHash('sha256').update(tampered).digest('hex')).not.toBe(stated.sha256);
    // Claiming the tampered body's hash in the trailer breaks the signature instead.
    const [header, payload, signature] = stated.signature.split('.');
    const claimed = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(
      JSON.stringify({ ...claimed, sha256: createHash('sha256').update(tampered).digest('hex') }),
    ).toString('base64url');
    expect(verified(`${header}.${forged}.${signature}`, await jwks())).toBeNull();
    const flipped = Buffer.from(signature ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(verified(`${header}.${payload}.${flipped.toString('base64url')}`, await jwks())).toBeNull();
  });

  it('refuses an unknown format and members', async () => {
    expect((await download('format=xml')).status).toBe(400);
    const member = await fixture.token(['member']);
    const answer = await fixture.app.inject({
      method: 'GET',
      url: '/audit/export',
      headers: { authorization: `Bearer ${member}` },
    });
    expect(answer.statusCode).toBe(403);
  });
});
