export { buildApp, queryOpenApiDocument, queryRouteContracts, queryRouteTable } from './app.ts';
export { configFromEnv } from './config.ts';
export type { QueryApiConfig } from './config.ts';
