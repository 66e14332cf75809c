import type { FastifyError, FastifyInstance } from 'fastify';
import { answerUnknownRoutes } from '@engage/auth';
import { DomainError } from './decider.ts';
import { NotOwnerError } from './command-bus.ts';

/** An error class whose instances answer with their own status, code and field, as DomainError does. */
export type DomainErrorClass = abstract new (...args: never[]) => Error & {
  readonly statusCode: number;
  readonly code: string;
};

/**
 * Every error as `{ statusCode, code, message }` (and `field` for a malformed body), unknown routes
 * included. `domainErrors`: a service's own refusals, answered like DomainError.
 */
export function registerErrorHandler(
  app: FastifyInstance,
  options: { readonly domainErrors?: readonly DomainErrorClass[] } = {},
): void {
  answerUnknownRoutes(app);
  const domainErrors: readonly DomainErrorClass[] = [DomainError, ...(options.domainErrors ?? [])];
  const isDomainError = (error: unknown): error is DomainError & { field?: string } =>
    domainErrors.some((domainError) => error instanceof domainError);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDomainError(error)) {
      const { statusCode, code, field } = error;
      return reply.code(statusCode).send({
        statusCode,
        code,
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
