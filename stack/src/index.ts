export { endpointsOf, repoRoot, stackConfig } from './config.ts';
export type { StackConfig, StackEndpoints } from './config.ts';
export { down, kill, status, up, upOne } from './stack.ts';
export type { ServerState, StackUp } from './stack.ts';
export { fetched } from './fetch.ts';
export { findJava } from './java.ts';
