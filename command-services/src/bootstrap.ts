import { createHash } from 'node:crypto';
import { builtInRoles, hashPassword, passwordProblem } from '@engage/auth';
import type { CredentialStore } from './auth/credentials.ts';
import type { CatalogCommand, CatalogState } from './catalogs/decider.ts';
import type { CommandBus } from './runtime/command-bus.ts';
import { DomainError } from './runtime/decider.ts';
import type { UsersCommand, UsersState } from './users/decider.ts';
import { registerUser } from './users/register.ts';

const system = 'system';

const ignoreExisting = (error: unknown): void => {
  if (!(error instanceof DomainError && error.code === 'ALREADY_EXISTS')) throw error;
};

/**
 * A fresh system gets the built-in roles, and its first admin from ADMIN_EMAIL and ADMIN_PASSWORD
 * (no default password ships). Safe to run at every start and on every instance.
 */
export async function bootstrap(
  catalogs: CommandBus<CatalogCommand, CatalogState>,
  users: CommandBus<UsersCommand, UsersState>,
  credentials: CredentialStore,
  admin: { readonly email: string; readonly password: string } | undefined,
): Promise<void> {
  const now = Date.now();
  for (const [name, role] of Object.entries(builtInRoles)) {
    await catalogs
      .handle({
        aggregateId: name,
        command: {
          type: 'EnsureRole',
          data: { name, description: role.description, permissions: [...role.permissions] },
        },
        actor: system,
        correlationId: `bootstrap-role-${name}`,
        now,
      })
      .catch(ignoreExisting);
  }
  if (admin === undefined) return;
  const email = admin.email.trim().toLowerCase();
  const { password } = admin;
  if ((await credentials.find(email)) !== null) return;
  const problem = passwordProblem(password, email);
  if (problem !== undefined) throw new Error(`ADMIN_PASSWORD is refused: ${problem}`);
  const userId = createHash('sha256').update(`admin\u0000${email}`).digest('hex').slice(0, 32);
  await registerUser(users, {
    userId,
    profile: {
      email,
      firstName: 'Admin',
      lastName: 'Account',
      bio: null,
      birthDate: null,
      mobile: null,
      gender: null,
    },
    selfSignUp: false,
    actor: system,
    correlationId: 'bootstrap-admin',
    now,
  }).catch(ignoreExisting);
  await users.handle({
    aggregateId: userId,
    command: { type: 'AssignRole', data: { role: 'admin', roleExists: true } },
    actor: system,
    correlationId: 'bootstrap-admin',
    now,
  });
  await credentials.set(email, userId, await hashPassword(password));
}
