import type { FastifyInstance } from 'fastify';
import { issueAccessToken, verifyPassword, type KeyStore, type TokenSettings } from '@engage/auth';
import type { ReadModels } from '../read-models.ts';
import type { CredentialStore } from './credentials.ts';

export interface AuthRoutesOptions {
  readonly keys: KeyStore;
  readonly credentials: CredentialStore;
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

  app.post<{ Body: { grant_type: string; username?: string; password?: string } }>(
    '/auth/token',
    { config: { public: true }, schema: { body: tokenRequest } },
    async (request, reply) => {
      const oauthError = (statusCode: number, error: string, description: string) =>
        reply
          .code(statusCode)
          .header('cache-control', 'no-store')
          .send({ error, error_description: description });
      const { grant_type: grant, username, password } = request.body;
      if (grant !== 'password')
        return oauthError(400, 'unsupported_grant_type', `grant_type ${grant} is not supported`);
      if (!username || !password)
        return oauthError(400, 'invalid_request', 'username (your email) and password are required');
      const credential = await options.credentials.find(username);
      const matches = await verifyPassword(password, credential?.passwordHash ?? decoyHash);
      if (credential === null || !matches)
        return oauthError(400, 'invalid_grant', 'the email or password is wrong');
      const user = await options.readModels.user(credential.userId);
      if (user !== null && !user.active)
        return oauthError(400, 'invalid_grant', 'this account is deactivated');
      const roles = ['member', ...(user?.roles ?? [])];
      const permissions = await options.readModels.permissionsOf(roles);
      const accessToken = issueAccessToken(
        await options.keys.current(),
        { sub: credential.userId, roles, permissions },
        options.tokens,
      );
      return reply.header('cache-control', 'no-store').send({
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: options.tokens.ttlSeconds ?? 900,
      });
    },
  );

  app.get('/auth/jwks.json', { config: { public: true } }, async () => ({
    keys: await options.keys.published(),
  }));
}
