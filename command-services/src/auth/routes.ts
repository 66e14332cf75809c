import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { issueAccessToken, verifyPassword, type KeyStore, type TokenSettings } from '@engage/auth';
import type { ReadModels } from '../read-models.ts';
import type { ServiceClientStore } from './clients.ts';
import type { CredentialStore } from './credentials.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';
import { idParams } from '../runtime/http.ts';

export interface AuthRoutesOptions {
  readonly keys: KeyStore;
  readonly credentials: CredentialStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly readModels: ReadModels;
  readonly tokens: TokenSettings;
  readonly clients: ServiceClientStore;
  readonly throttle: LoginThrottle;
}

const tokenRequest = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string' },
    username: { type: 'string', maxLength: 254 },
    password: { type: 'string', maxLength: 200 },
    refresh_token: { type: 'string', maxLength: 200 },
    client_id: { type: 'string', maxLength: 100 },
    client_secret: { type: 'string', maxLength: 200 },
    scope: { type: 'string' },
  },
} as const;

// A hash of a password nobody has, so an unknown email costs as much time as a wrong password.
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

interface TokenRequest {
  grant_type: string;
  username?: string;
  password?: string;
  refresh_token?: string;
  client_id?: string;
  client_secret?: string;
}

/** Client credentials from HTTP Basic (RFC 6749 2.3.1), else from the body. */
function clientCredentials(authorization: string | undefined, body: TokenRequest) {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice('Basic '.length), 'base64').toString();
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return {
        id: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
  }
  return body.client_id && body.client_secret ? { id: body.client_id, secret: body.client_secret } : null;
}

/**
 * OAuth 2.0 token endpoint (password, refresh_token and client_credentials grants), revocation,
 * service accounts, key rotation, and the JWKS that verifies the tokens.
 */
export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.post<{ Body: TokenRequest }>(
    '/auth/token',
    { config: { public: true }, schema: { body: tokenRequest } },
    async (request, reply) => {
      const oauthError = (statusCode: number, error: string, description: string) =>
        reply
          .code(statusCode)
          .header('cache-control', 'no-store')
          .send({ error, error_description: description });
      const { grant_type: grant, username, password, refresh_token: refreshToken } = request.body;
      const tokensFor = async (userId: string, familyId?: string) => {
        // A token carries every role granted before the sign-in, though the read models lag the log.
        // Sign-ins are rare and often come right after a start, while projectors replay: a longer bound.
        await options.readModels.caughtUp(['user-profile', 'roles'], 5_000);
        const user = await options.readModels.user(userId);
        if (user !== null && !user.active)
          return oauthError(400, 'invalid_grant', 'this account is deactivated');
        // Everyone is a member, except auditors: their accounts read and never write.
        const held = user?.roles ?? [];
        const roles = held.includes('auditor') && !held.includes('admin') ? held : ['member', ...held];
        const permissions = await options.readModels.permissionsOf(roles);
        const accessToken = issueAccessToken(
          await options.keys.current(),
          { sub: userId, roles, permissions },
          options.tokens,
        );
        return reply.header('cache-control', 'no-store').send({
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: options.tokens.ttlSeconds ?? 900,
          refresh_token: await options.refreshTokens.issue(userId, familyId),
        });
      };
      if (grant === 'password') {
        if (!username || !password)
          return oauthError(400, 'invalid_request', 'username (your email) and password are required');
        const wait = await options.throttle.retryAfter(username, request.ip);
        if (wait !== null) {
          const message = `too many failed sign-ins for this account or from this address; try again in ${wait} s`;
          return reply
            .code(429)
            .header('retry-after', String(wait))
            .header('cache-control', 'no-store')
            .send({
              statusCode: 429,
              code: 'TOO_MANY_SIGN_IN_ATTEMPTS',
              message,
              error: 'too_many_requests',
              error_description: message,
            });
        }
        const credential = await options.credentials.find(username);
        const matches = await verifyPassword(password, credential?.passwordHash ?? decoyHash);
        if (credential === null || !matches) {
          await options.throttle.failed(username, request.ip);
          return oauthError(400, 'invalid_grant', 'the email or password is wrong');
        }
        return tokensFor(credential.userId);
      }
      if (grant === 'client_credentials') {
        const presented = clientCredentials(request.headers.authorization, request.body);
        if (presented === null)
          return oauthError(
            401,
            'invalid_client',
            'send client_id and client_secret (HTTP Basic or in the body)',
          );
        const client = await options.clients.authenticate(presented.id, presented.secret);
        if (client === null) return oauthError(401, 'invalid_client', 'the client id or secret is wrong');
        // RFC 6749 4.4.3: no refresh token; the client asks again with its secret.
        await options.readModels.caughtUp(['roles']);
        const permissions = await options.readModels.permissionsOf(client.roles);
        return reply.header('cache-control', 'no-store').send({
          access_token: issueAccessToken(
            await options.keys.current(),
            { sub: client.clientId, roles: client.roles, permissions },
            options.tokens,
          ),
          token_type: 'Bearer',
          expires_in: options.tokens.ttlSeconds ?? 900,
        });
      }
      if (grant === 'refresh_token') {
        if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required');
        const redeemed = await options.refreshTokens.redeem(refreshToken);
        if ('refused' in redeemed) return oauthError(400, 'invalid_grant', redeemed.refused);
        return tokensFor(redeemed.userId, redeemed.familyId);
      }
      return oauthError(
        400,
        'unsupported_grant_type',
        `grant_type ${grant} is not supported (password, refresh_token, client_credentials)`,
      );
    },
  );

  app.post<{ Body: { token: string } }>(
    '/auth/revoke',
    {
      config: { public: true },
      schema: {
        body: {
          type: 'object',
          required: ['token'],
          properties: { token: { type: 'string', maxLength: 200 } },
        },
      },
    },
    async (request, reply) => {
      // RFC 7009: the answer is the same whether the token was known or not.
      await options.refreshTokens.revoke(request.body.token);
      return reply.code(200).send({});
    },
  );

  app.get('/auth/jwks.json', { config: { public: true } }, async (_request, reply) => {
    await options.keys.current(); // a fresh system makes its first key here
    return reply.header('cache-control', 'public, max-age=60').send({ keys: await options.keys.published() });
  });

  app.post(
    '/auth/keys/rotate',
    { config: { permission: 'keys:manage' }, schema: { summary: 'Replace the signing key now' } },
    async (_request, reply) => {
      const key = await options.keys.rotate();
      return reply.code(201).send({ kid: key.kid, createdAt: new Date(key.createdAt).toISOString() });
    },
  );

  app.post<{ Body: { name: string; roles: string[] } }>(
    '/auth/clients',
    {
      config: { permission: 'clients:manage' },
      schema: {
        summary: 'Create a service account for the client_credentials grant; the secret is shown once',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'roles'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            roles: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 100 } },
          },
        },
      },
    },
    async (request, reply) => {
      const found = await Promise.all(request.body.roles.map((role) => options.readModels.role(role)));
      const unknown = request.body.roles.filter((_role, index) => found[index] === null);
      if (unknown.length > 0)
        return reply.code(400).send({
          statusCode: 400,
          code: 'UNKNOWN_ROLE',
          message: `no such role: ${unknown.join(', ')}`,
          field: 'roles',
        });
      const created = await options.clients.create(
        request.body.name.trim(),
        request.body.roles,
        request.principal?.sub ?? '',
      );
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get('/auth/clients', { config: { permission: 'clients:manage' } }, async () => ({
    items: await options.clients.list(),
    next: null,
  }));

  app.delete<{ Params: { id: string } }>(
    '/auth/clients/:id',
    {
      config: { permission: 'clients:manage' },
      schema: {
        params: idParams,
      },
    },
    async (request, reply) =>
      (await options.clients.delete(request.params.id))
        ? reply.code(204).send()
        : reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'no such client' }),
  );
}
