export { generateSigningKey, KeyStore, publicKeyOf } from './keys.ts';
export { systemOfRecord } from './system-of-record.ts';
export type { PublicJwk, SigningKey } from './keys.ts';
export { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
export { cachedVerifier, InvalidTokenError, issueAccessToken, verifyAccessToken } from './tokens.ts';
export type { AccessClaims, KeyLookup, TokenSettings } from './tokens.ts';
export { authentication, mayActFor, RouteWithoutRuleError } from './fastify.ts';
export type { AuthenticationOptions } from './fastify.ts';
export { cachedKeyLookup, jwksKeyLookup, storeKeyLookup } from './jwks.ts';
export { builtInRoles } from './permissions.ts';
export type { Permission } from './permissions.ts';
export { httpMetrics } from './metrics.ts';
export { correlationHeader, sampled, serviceLogging } from './logging.ts';
export type { ServiceLogging } from './logging.ts';
export type { HttpMetricsOptions } from './metrics.ts';
export { fieldOf, registerErrorHandler } from './errors.ts';
export type { Refusal } from './errors.ts';
export { openApi } from './openapi.ts';
export { openApiDocumentOf, routeTableOf } from './route-table.ts';
export type { RouteEntry } from './route-table.ts';
export { signStatement } from './statements.ts';
export {
  answerUnknownRoutes,
  bodyErrors,
  contractGaps,
  errorResponses,
  ErrorResponse,
  frameworkErrors,
  guardContracts,
  jsonDepth,
  limitJsonNesting,
  maxJsonDepth,
  Nullable,
  routeContractsOf,
} from './contract.ts';
export type { RouteContract } from './contract.ts';
