export { kongConfig, pathRegex, renderKong } from './kong.ts';
export type { BackendTable, GatewayPolicy, TableRoute, WebApp } from './kong.ts';
export { gatewayFromKong, matchRoute, routesFromKong } from './routes.ts';
export type { CorsPolicy, GatewayRoute, GatewayTable } from './routes.ts';
export { buildGateway } from './app.ts';
