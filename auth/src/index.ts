export { generateSigningKey, KeyStore, publicKeyOf } from './keys.ts';
export type { PublicJwk, SigningKey } from './keys.ts';
export { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
export { InvalidTokenError, issueAccessToken, verifyAccessToken } from './tokens.ts';
export type { AccessClaims, KeyLookup, TokenSettings } from './tokens.ts';
export { authentication, mayActFor, RouteWithoutRuleError } from './fastify.ts';
export type { AuthenticationOptions } from './fastify.ts';
export { cachedKeyLookup, jwksKeyLookup, storeKeyLookup } from './jwks.ts';
export { builtInRoles } from './permissions.ts';
