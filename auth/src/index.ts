export { generateSigningKey, KeyStore, publicKeyOf } from './keys.ts';
export type { PublicJwk, SigningKey } from './keys.ts';
export { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
export { InvalidTokenError, issueAccessToken, verifyAccessToken } from './tokens.ts';
export type { AccessClaims, KeyLookup, TokenSettings } from './tokens.ts';
