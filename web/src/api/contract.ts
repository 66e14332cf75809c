import type { paths as CommandPaths } from './generated/commands';
import type { paths as QueryPaths } from './generated/query';

/** The JSON a query route answers with 200, from openapi/query.json. */
export type QueryAnswer<Path extends keyof QueryPaths> = QueryPaths[Path] extends {
  get: { responses: { 200: { content: { 'application/json': infer Answer } } } };
}
  ? Answer
  : never;

/** The JSON body a command route takes, from openapi/commands.json. */
export type CommandBody<Path extends keyof CommandPaths, Method extends 'post' | 'put' | 'patch' | 'delete'> =
  CommandPaths[Path] extends Record<Method, { requestBody?: { content: { 'application/json': infer Body } } }>
    ? Body
    : never;
