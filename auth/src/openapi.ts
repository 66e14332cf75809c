import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The service's OpenAPI document, generated from its route schemas, served at `path`. Routes under
 * /internal/ are left out; every other route is in it (a test checks).
 */
export async function openApi(app: FastifyInstance, title: string, path: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title, version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: url.startsWith('/internal/') },
      url,
    }),
  });
  app.get(path, { config: { public: true }, schema: { hide: true } as never }, async () => app.swagger());
}
