// What an admin does through the API before people use the app: catalogs and accounts. Everything
// a person does afterwards goes through the browser.
import { randomUUID } from 'node:crypto';

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
}

const permissionsOf = (token: string): string[] =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { permissions: string[] })
    .permissions;

async function call(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Signs in; waits until the token carries `permission` (roles are read models, projected after start). */
export async function signIn(
  baseUrl: string,
  account: { email: string; password: string },
  permission?: string,
): Promise<string> {
  for (let tries = 0; ; tries += 1) {
    const answer = await call(baseUrl, 'POST', '/auth/token', null, {
      grant_type: 'password',
      username: account.email,
      password: account.password,
    });
    if (answer.status !== 200) throw new Error(`sign-in refused: ${JSON.stringify(answer.body)}`);
    const token = answer.body['access_token'] as string;
    if (permission === undefined || permissionsOf(token).includes(permission)) return token;
    if (tries > 300) throw new Error(`${account.email} never got ${permission}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function created(
  baseUrl: string,
  token: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const answer = await call(baseUrl, 'POST', path, token, body);
  if (answer.status !== 201)
    throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The kudos kinds and statuses people pick from. */
export async function setUpCatalogs(
  baseUrl: string,
  admin: { email: string; password: string },
): Promise<void> {
  const token = await signIn(baseUrl, admin, 'catalogs:manage');
  for (const [name, description] of [
    ['Team player', 'Helps others win'],
    ['Above and beyond', 'Did more than was asked'],
  ])
    await created(baseUrl, token, '/kudos-kinds', { name, description });
  for (const [name, description] of [
    ['Working remotely', 'Away from the office, online'],
    ['On leave', 'Not working'],
  ])
    await created(baseUrl, token, '/statuses', { name, description });
}

/** A member registered by the admin, with a name unique to this run. */
export async function register(
  baseUrl: string,
  admin: { email: string; password: string },
  firstName: string,
): Promise<Account> {
  const token = await signIn(baseUrl, admin, 'users:manage');
  const lastName = `Tester${randomUUID().slice(0, 4)}`;
  const email = `${firstName}.${lastName}@example.com`.toLowerCase();
  const password = `a passphrase for ${firstName}, long enough`;
  const answer = await created(baseUrl, token, '/users', { email, password, firstName, lastName });
  return { id: answer['id'] as string, email, password, firstName, lastName };
}
