import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  cachedVerifier,
  InvalidTokenError,
  type AccessClaims,
  type KeyLookup,
  type TokenSettings,
} from './tokens.ts';
import type { Permission } from './permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; every route names one, or says it is public. */
    permission?: Permission;
    public?: boolean;
    /** Also accept the token as `?access_token=` (websocket upgrades, where browsers send no headers). */
    tokenInQuery?: boolean;
  }
  interface FastifyRequest {
    /** Who sent the request, from their verified access token (null on public routes). */
    principal: AccessClaims | null;
  }
}

export interface AuthenticationOptions {
  readonly keys: KeyLookup;
  readonly tokens: Omit<TokenSettings, 'ttlSeconds'>;
}

/** A route registered without an access rule: refused at start-up, so no route is left open by mistake. */
export class RouteWithoutRuleError extends Error {}

function refuse(reply: FastifyReply, statusCode: 401 | 403, code: string, message: string): FastifyReply {
  if (statusCode === 401) void reply.header('www-authenticate', 'Bearer');
  return reply.code(statusCode).send({ statusCode, code, message });
}

/**
 * Verifies the Bearer token of every request (the service checks it itself, behind the gateway
 * too) and the permission its route names. Object-level rules ("only your own profile") are the
 * handlers' job, through `mayActFor`.
 */
export const authentication = fp<AuthenticationOptions>(
  async (app, options) => {
    app.decorateRequest('principal', null);
    app.addHook('onRoute', (route) => {
      const config = route.config ?? {};
      if (route.url.startsWith('/internal/') || route.method === 'HEAD') return;
      if (config.public !== true && config.permission === undefined) {
        throw new RouteWithoutRuleError(
          `${String(route.method)} ${route.url} names no permission and is not public`,
        );
      }
    });
    const verify = cachedVerifier(options.keys, options.tokens);
    // On request, before the body is read or validated: a caller without a valid token learns
    // nothing about what the route expects.
    app.addHook('onRequest', async (request: FastifyRequest, reply) => {
      const config = request.routeOptions.config as {
        permission?: Permission;
        public?: boolean;
        tokenInQuery?: boolean;
      };
      // No route (Fastify answers 404) and internal routes (their own shared token) pass.
      if (request.routeOptions.url === undefined || request.url.startsWith('/internal/')) return;
      const header = request.headers.authorization;
      const fromQuery =
        config.tokenInQuery === true && header === undefined
          ? new URLSearchParams(request.url.split('?')[1] ?? '').get('access_token')
          : null;
      const token = header?.startsWith('Bearer ')
        ? header.slice('Bearer '.length).trim()
        : (fromQuery ?? undefined);
      // A public route still learns who calls it when a bearer token comes along (and refuses a bad
      // one); other credentials there (HTTP Basic client credentials) are the route's business.
      if (config.public === true && token === undefined) return;
      if (token === undefined || token === '') {
        return refuse(reply, 401, 'UNAUTHENTICATED', 'send an access token: Authorization: Bearer <token>');
      }
      try {
        request.principal = await verify(token);
      } catch (error) {
        const reason = error instanceof InvalidTokenError ? error.message : 'the token could not be checked';
        return refuse(reply, 401, 'UNAUTHENTICATED', `the access token was refused: ${reason}`);
      }
      if (config.permission !== undefined && !request.principal.permissions.includes(config.permission)) {
        return refuse(reply, 403, 'FORBIDDEN', `this needs the ${config.permission} permission`);
      }
      return undefined;
    });
  },
  { name: 'authentication' },
);

/** Whether the caller acts on their own behalf, or holds the permission to act for anyone. */
export function mayActFor(request: FastifyRequest, userId: string, anyonePermission: string): boolean {
  const principal = request.principal;
  return principal !== null && (principal.sub === userId || principal.permissions.includes(anyonePermission));
}
