import type { FastifyInstance } from 'fastify';
import { issueAccessToken, verifyPassword, type KeyStore, type TokenSettings } from '@engage/auth';
import type { ReadModels } from '../read-models.ts';
import type { CredentialStore } from './credentials.ts';
import type { RefreshTokenStore } from './refresh-tokens.ts';

export interface AuthRoutesOptions {
  readonly keys: KeyStore;
  readonly credentials: CredentialStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly readModels: ReadModels;
  readonly tokens: TokenSettings;
}

const tokenRequest = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string' },
    username: { type: 'string', maxLength: 254 },
    password: { type: 'string', maxLength: 200 },
    refresh_token: { type: 'string', maxLength: 200 },
    scope: { type: 'string' },
  },
} as const;

// A hash of a password nobody has, so an unknown email costs as much time as a wrong password.
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** OAuth 2.0 token endpoint (password grant for now) and the JWKS that verifies its tokens. */
export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.post<{ Body: { grant_type: string; username?: string; password?: string; refresh_token?: string } }>(
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
        const user = await options.readModels.user(userId);
        if (user !== null && !user.active)
          return oauthError(400, 'invalid_grant', 'this account is deactivated');
        const roles = ['member', ...(user?.roles ?? [])];
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
        const credential = await options.credentials.find(username);
        const matches = await verifyPassword(password, credential?.passwordHash ?? decoyHash);
        if (credential === null || !matches)
          return oauthError(400, 'invalid_grant', 'the email or password is wrong');
        return tokensFor(credential.userId);
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
        `grant_type ${grant} is not supported (password, refresh_token)`,
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

  app.get('/auth/jwks.json', { config: { public: true } }, async () => ({
    keys: await options.keys.published(),
  }));
}
