import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { generateSigningKey, issueAccessToken, type KeyLookup } from '@engage/auth';
import { startFileService, type RunningFileService } from '../src/app.ts';
import { configFromEnv } from '../src/config.ts';

const tokens = { issuer: 'engage', audience: 'engage-api' };
const key = generateSigningKey();
export const keys: KeyLookup = async (kid) => (kid === key.kid ? key.publicJwk : undefined);

const memberPermissions = ['profile:edit-own', 'initiatives:write', 'posts:write', 'posts:read'];
const adminPermissions = [...memberPermissions, 'profile:edit-any', 'initiatives:moderate', 'posts:moderate'];

/** An access token for `sub`, as the auth service would issue it. */
export function tokenFor(sub: string, role: 'member' | 'admin' | 'auditor' = 'member'): string {
  const permissions =
    role === 'admin' ? adminPermissions : role === 'member' ? memberPermissions : ['posts:read'];
  return issueAccessToken(key, { sub, roles: [role], permissions }, tokens);
}

/** A file service on a free port, with its own topic prefix and database. */
export async function startTestService(): Promise<
  RunningFileService & { url: string; topicPrefix: string; database: string }
> {
  const run = randomUUID().slice(0, 8);
  const topicPrefix = `t-${run}-`;
  const database = `files-${run}`;
  const running = await startFileService(
    {
      ...configFromEnv({ ...process.env, INTERNAL_TOKEN: 'internal-test-token' }),
      port: 0,
      topicPrefix,
      mongoDatabase: database,
      partitions: 2,
      sessionTimeoutMs: 6000,
    },
    { keys },
  );
  return { ...running, url: running.address, topicPrefix, database };
}

/** A multipart form with one file part and the given fields. */
export function uploadForm(
  bytes: Buffer,
  fields: Record<string, string> = { purpose: 'post' },
  filename = 'image.jpg',
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), filename);
  return form;
}

/** A photo-like test image: a gradient with some noise, so it compresses like a photo. */
export async function photo(width: number, height: number, format: 'jpeg' | 'png' = 'jpeg'): Promise<Buffer> {
  const channels = 3;
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * channels;
      data[at] = (x * 255) / width;
      data[at + 1] = (y * 255) / height;
      data[at + 2] = (x * y) % 251;
    }
  const image = sharp(data, { raw: { width, height, channels } });
  return format === 'jpeg' ? image.jpeg({ quality: 85 }).toBuffer() : image.png().toBuffer();
}
