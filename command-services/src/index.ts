export { startCommandService, configFromEnv } from './service.ts';
export type { CommandServiceConfig, RunningCommandService } from './service.ts';
export { CommandBus } from './runtime/command-bus.ts';
export type { CommandAnswer, CommandRequest } from './runtime/command-bus.ts';
export { DomainError } from './runtime/decider.ts';
export type { CommandContext, Decider } from './runtime/decider.ts';
export { given } from './runtime/given-when-then.ts';
export { commandOpenApiDocument, commandRouteContracts, commandRouteTable } from './routes.ts';
