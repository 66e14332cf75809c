import { sign } from 'node:crypto';
import type { SigningKey } from './keys.ts';

/**
 * A signed statement (an export's trailer): a compact JWS, ES256 with the service's signing key and
 * its `kid`, so anyone holding the published JWKS can check it outside the system.
 */
export function signStatement(key: SigningKey, payload: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: key.kid, typ: 'JOSE' })).toString(
    'base64url',
  );
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${header}.${body}`), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');
  return `${header}.${body}.${signature}`;
}
