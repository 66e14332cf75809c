import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import {
  bodyErrors,
  errorResponses,
  ErrorResponse,
  issueAccessToken,
  verifyPassword,
  type KeyStore,
  type TokenSettings,
} from '@engage/auth';
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

/** RFC 6749 token request (form-encoded or JSON); other parameters are ignored, as OAuth asks. */
const TokenRequest = Type.Object({
  grant_type: Type.String({ description: 'password, refresh_token or client_credentials' }),
  username: Type.Optional(Type.String({ maxLength: 254, description: 'your email' })),
  password: Type.Optional(Type.String({ maxLength: 200 })),
  refresh_token: Type.Optional(Type.String({ maxLength: 200 })),
  client_id: Type.Optional(Type.String({ maxLength: 100 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
  scope: Type.Optional(Type.String()),
});
type TokenRequest = Static<typeof TokenRequest>;

const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'seconds' }),
    refresh_token: Type.Optional(Type.String({ description: 'not for client_credentials' })),
  },
  { additionalProperties: false },
);

/** RFC 6749 5.2 error answer. */
const OAuthError = Type.Object(
  { error: Type.String(), error_description: Type.String() },
  { additionalProperties: false },
);

/** A refused sign-in (the OAuth fields), or a malformed request or token (the shared error shape). */
const oauthOrError = (description: string) => Type.Union([OAuthError, ErrorResponse], { description });

const TooManyAttempts = Type.Object(
  { ...ErrorResponse.properties, ...OAuthError.properties },
  { additionalProperties: false, description: 'too many failed sign-ins: Retry-After says when to retry' },
);

const Jwks = Type.Object(
  {
    keys: Type.Array(
      Type.Object(
        {
          kty: Type.String(),
          crv: Type.String(),
          x: Type.String(),
          y: Type.String(),
          kid: Type.String(),
          alg: Type.Literal('ES256'),
          use: Type.Literal('sig'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const clientFields = {
  clientId: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
};
const ServiceClient = Type.Object(clientFields, { additionalProperties: false });
const CreatedClient = Type.Object(
  { ...clientFields, clientSecret: Type.String({ description: 'shown once' }) },
  { additionalProperties: false },
);

// A hash of a password nobody has, so an unknown email costs as much time as a wrong password.
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

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
export async function authRoutes(base: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.post(
    '/auth/token',
    {
      config: { public: true },
      schema: {
        body: TokenRequest,
        response: {
          200: TokenResponse,
          400: oauthOrError('invalid_request, invalid_grant, unsupported_grant_type, or a malformed body'),
          401: oauthOrError('invalid_client, or a bearer token that was refused'),
          429: TooManyAttempts,
          ...errorResponses(500),
          ...bodyErrors,
        },
      },
    },
    async (request, reply) => {
      const oauthError = (statusCode: 400 | 401, error: string, description: string) =>
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

  app.post(
    '/auth/revoke',
    {
      config: { public: true },
      schema: {
        body: Type.Object({ token: Type.String({ maxLength: 200 }) }),
        response: {
          200: Type.Object({}, { additionalProperties: false, description: 'revoked, or never known' }),
          ...errorResponses(400, 401, 500),
          ...bodyErrors,
        },
      },
    },
    async (request, reply) => {
      // RFC 7009: the answer is the same whether the token was known or not.
      await options.refreshTokens.revoke(request.body.token);
      return reply.code(200).send({});
    },
  );

  app.get(
    '/auth/jwks.json',
    { config: { public: true }, schema: { response: { 200: Jwks, ...errorResponses(401, 500) } } },
    async (_request, reply) => {
      await options.keys.current(); // a fresh system makes its first key here
      return reply
        .header('cache-control', 'public, max-age=60')
        .send({ keys: (await options.keys.published()) as Static<typeof Jwks>['keys'] });
    },
  );

  app.post(
    '/auth/keys/rotate',
    {
      config: { permission: 'keys:manage' },
      schema: {
        summary: 'Replace the signing key now',
        response: {
          201: Type.Object(
            { kid: Type.String(), createdAt: Type.String({ format: 'date-time' }) },
            { additionalProperties: false },
          ),
          ...errorResponses(401, 403, 500),
          ...bodyErrors,
        },
      },
    },
    async (_request, reply) => {
      const key = await options.keys.rotate();
      return reply.code(201).send({ kid: key.kid, createdAt: new Date(key.createdAt).toISOString() });
    },
  );

  app.post(
    '/auth/clients',
    {
      config: { permission: 'clients:manage' },
      schema: {
        summary: 'Create a service account for the client_credentials grant; the secret is shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            roles: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedClient, ...errorResponses(400, 401, 403, 500), ...bodyErrors },
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
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ ...created, roles: [...created.roles] });
    },
  );

  app.get(
    '/auth/clients',
    {
      config: { permission: 'clients:manage' },
      schema: {
        response: {
          200: Type.Object(
            { items: Type.Array(ServiceClient), next: Type.Null() },
            { additionalProperties: false },
          ),
          ...errorResponses(401, 403, 500),
        },
      },
    },
    async () => ({
      items: (await options.clients.list()).map((client) => ({ ...client, roles: [...client.roles] })),
      next: null,
    }),
  );

  app.delete(
    '/auth/clients/:id',
    {
      config: { permission: 'clients:manage' },
      schema: {
        params: idParams,
        response: {
          204: Type.Null({ description: 'deleted: its secret stops working at once' }),
          ...errorResponses(400, 401, 403, 404, 500),
          ...bodyErrors,
        },
      },
    },
    async (request, reply) =>
      (await options.clients.delete(request.params.id))
        ? reply.code(204).send(null)
        : reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'no such client' }),
  );
}
