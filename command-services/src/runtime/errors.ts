import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError } from './decider.ts';
import { NotOwnerError } from './command-bus.ts';

/** Every error as `{ statusCode, code, message }` (and `field` for a malformed body). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | NotOwnerError, request, reply) => {
    if (error instanceof DomainError) {
      const field = (error as DomainError & { field?: string }).field;
      return reply.code(error.statusCode).send({
        statusCode: error.statusCode,
        code: error.code,
        message: error.message,
        ...(field === undefined ? {} : { field }),
      });
    }
    if (error instanceof NotOwnerError) {
      return reply.code(421).send({ statusCode: 421, code: error.code, message: error.message });
    }
    if (error.validation) {
      const first = error.validation[0];
      const field =
        first?.params && 'missingProperty' in first.params
          ? String(first.params['missingProperty'])
          : first?.params && 'additionalProperty' in first.params
            ? String(first.params['additionalProperty'])
            : (first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '');
      return reply
        .code(400)
        .send({ statusCode: 400, code: 'INVALID_REQUEST', message: error.message, field });
    }
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 500) request.log.error(error);
    const { headers } = error as FastifyError & { headers?: Record<string, string> };
    if (headers !== undefined) void reply.headers(headers);
    return reply.code(statusCode).send({
      statusCode,
      code: error.code ?? 'INTERNAL_ERROR',
      message: statusCode >= 500 ? 'internal error' : error.message,
    });
  });
}
