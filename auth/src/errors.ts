import type { FastifyError, FastifyInstance } from 'fastify';

/** How a service's own refusal answers over HTTP: its status, code and the field it is about. */
export interface Refusal {
  readonly statusCode: number;
  readonly code: string;
  readonly field?: string | undefined;
  /** Headers the answer carries (Retry-After on a 503). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/**
 * The field a failed schema check is about, by one rule everywhere: the property that is missing
 * or not allowed, else the path of the value that is wrong (`a.b.0`).
 */
export function fieldOf(issue: ValidationIssue | undefined): string {
  if (issue === undefined) return '';
  const { params } = issue;
  if ('missingProperty' in params) return String(params['missingProperty']);
  if ('additionalProperty' in params) return String(params['additionalProperty']);
  return issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
}

/**
 * The one error handler of every service: every error answers `{ statusCode, code, message }`,
 * with `field` when it is about one. `refusalOf` turns a service's own refusals (its domain errors)
 * into their status; a malformed request is 400 INVALID_REQUEST naming the field; other errors keep
 * the status they carry (and their headers, such as Retry-After), and a 5xx is logged and answered
 * without its internals.
 */
export function registerErrorHandler(
  app: FastifyInstance,
  refusalOf: (error: unknown) => Refusal | undefined = () => undefined,
): void {
  app.setErrorHandler((error: FastifyError & { field?: unknown }, request, reply) => {
    const refusal = refusalOf(error);
    if (refusal !== undefined) {
      const { statusCode, code, field, headers } = refusal;
      if (headers !== undefined) void reply.headers(headers);
      return reply
        .code(statusCode)
        .send({ statusCode, code, message: error.message, ...(field === undefined ? {} : { field }) });
    }
    if (error.validation) {
      const field = fieldOf(error.validation[0]);
      return reply.code(400).send({
        statusCode: 400,
        code: 'INVALID_REQUEST',
        message: error.message,
        ...(field === '' ? {} : { field }),
      });
    }
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 500) request.log.error(error);
    const { headers } = error as FastifyError & { headers?: Record<string, string> };
    if (headers !== undefined) void reply.headers(headers);
    const field = statusCode < 500 && typeof error.field === 'string' ? error.field : undefined;
    return reply.code(statusCode).send({
      statusCode,
      code: error.code ?? 'INTERNAL_ERROR',
      message: statusCode >= 500 ? 'internal error' : error.message,
      ...(field === undefined ? {} : { field }),
    });
  });
}
