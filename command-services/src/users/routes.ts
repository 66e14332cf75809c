import type { FastifyInstance } from 'fastify';
import { hashPassword, mayActFor, passwordProblem } from '@engage/auth';
import type { CredentialStore } from '../auth/credentials.ts';
import type { CommandBus } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import {
  commandAnswerSchema,
  commandRequest,
  idParams,
  newAggregateId,
  pathParams,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import type { StatusCommand, StatusTimeline } from '../user-status/decider.ts';
import { emailClaimId, type UsersCommand, type UsersState } from './decider.ts';
import { registerUser } from './register.ts';

export interface UserRoutesOptions {
  readonly users: CommandBus<UsersCommand, UsersState>;
  readonly statuses: CommandBus<StatusCommand, StatusTimeline>;
  readonly credentials: CredentialStore;
  readonly readModels: ReadModels;
  /** Whether people may register themselves (SELF_SIGN_UP=true); otherwise only admins register people. */
  readonly selfSignUp: boolean;
}

const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;

interface RegisterBody {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  bio?: string | null;
  birthDate?: string | null;
  mobile?: string | null;
  gender?: string | null;
}

/** People: registering (admins), roles (admins) and status (yourself, or admins for anyone). */
export async function userRoutes(app: FastifyInstance, options: UserRoutesOptions): Promise<void> {
  app.post<{ Body: RegisterBody }>(
    '/users',
    {
      // Admins register anyone; when self sign-up is on, a visitor without a token registers themselves.
      config: { public: true },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['email', 'password', 'firstName', 'lastName'],
          properties: {
            email: { type: 'string', maxLength: 254 },
            password: { type: 'string', maxLength: 200 },
            firstName: { type: 'string', maxLength: 100 },
            lastName: { type: 'string', maxLength: 100 },
            bio: nullableText(2000),
            birthDate: nullableText(10),
            mobile: nullableText(16),
            gender: nullableText(100),
          },
        },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      const byAdmin = request.principal?.permissions.includes('users:manage') === true;
      if (!byAdmin && (!options.selfSignUp || request.principal !== null)) {
        if (request.principal === null)
          throw new DomainError('UNAUTHENTICATED', 'registering people needs an admin token', 401);
        throw new DomainError('FORBIDDEN', 'this needs the users:manage permission', 403);
      }
      const { password, ...given } = request.body;
      const problem = passwordProblem(password, given.email);
      if (problem !== undefined) throw new DomainError('WEAK_PASSWORD', problem, 400);
      const userId = newAggregateId(request);
      const base = commandRequest(request, userId, null);
      const gender = given.gender ? await options.readModels.gender(given.gender) : null;
      const answer = await registerUser(options.users, {
        userId,
        profile: {
          email: given.email,
          firstName: given.firstName,
          lastName: given.lastName,
          bio: given.bio ?? null,
          birthDate: given.birthDate ?? null,
          mobile: given.mobile ?? null,
          gender: given.gender ?? null,
        },
        selfSignUp: !byAdmin,
        genderKnown: gender?.active === true,
        actor: base.actor,
        correlationId: base.correlationId,
        now: base.now,
        ...(base.idempotencyKey === undefined ? {} : { idempotencyKey: base.idempotencyKey }),
      });
      await options.credentials.set(given.email, userId, await hashPassword(password));
      return reply.code(201).send(answer);
    },
  );

  app.post<{ Params: { id: string }; Body: { role: string } }>(
    '/users/:id/roles',
    {
      config: { permission: 'roles:manage' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['role'],
          properties: { role: { type: 'string', minLength: 1, maxLength: 60 } },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) => {
      const role = await options.readModels.role(request.body.role);
      return options.users.handle(
        commandRequest(request, request.params.id, {
          type: 'AssignRole',
          data: { role: request.body.role, roleExists: role !== null },
        }),
      );
    },
  );

  app.patch<{
    Params: { id: string };
    Body: Partial<Omit<RegisterBody, 'password'>> & { avatar?: string | null; expectedVersion?: number };
  }>(
    '/users/:id',
    {
      config: { permission: 'profile:edit-own' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            email: { type: 'string', maxLength: 254 },
            firstName: { type: 'string', maxLength: 100 },
            lastName: { type: 'string', maxLength: 100 },
            bio: nullableText(2000),
            birthDate: nullableText(10),
            mobile: nullableText(16),
            gender: nullableText(100),
            avatar: nullableText(100),
            expectedVersion: { type: 'integer', minimum: 0 },
          },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!mayActFor(request, id, 'profile:edit-any'))
        throw new DomainError('FORBIDDEN', 'you change your own profile only', 403);
      const current = await options.readModels.profile(id);
      if (current === null) throw new DomainError('NOT_FOUND', `no user ${id}`, 404);
      const { avatar, expectedVersion, ...changes } = request.body;
      const next = {
        email: changes.email ?? current.email,
        firstName: changes.firstName ?? current.firstName,
        lastName: changes.lastName ?? current.lastName,
        bio: changes.bio === undefined ? current.bio : changes.bio,
        birthDate: changes.birthDate === undefined ? current.birthDate : changes.birthDate,
        mobile: changes.mobile === undefined ? current.mobile : changes.mobile,
        gender: changes.gender === undefined ? current.gender : changes.gender,
      };
      const emailChanged = next.email.trim().toLowerCase() !== current.email;
      const base = commandRequest(request, id, null);
      const onClaim = (email: string, type: 'ClaimEmail' | 'ReleaseEmail') =>
        options.users.handle({
          ...base,
          aggregateId: emailClaimId(email),
          command: { type, data: { userId: id } },
          expectedVersion: undefined,
          idempotencyKey: undefined,
        });
      // The new address is claimed first (one owner per address), the old one released after.
      if (emailChanged) await onClaim(next.email, 'ClaimEmail');
      const gender = next.gender ? await options.readModels.gender(next.gender) : null;
      const answer = await options.users.handle(
        commandRequest(
          request,
          id,
          {
            type: 'UpdateProfile',
            data: {
              ...next,
              avatarFileId: avatar === undefined ? current.avatar : avatar,
              genderKnown: gender?.active === true,
            },
          },
          expectedVersion,
        ),
      );
      if (emailChanged) {
        await onClaim(current.email, 'ReleaseEmail');
        await options.credentials.rename(current.email, next.email);
      }
      return answer;
    },
  );

  app.delete<{ Params: { id: string; role: string } }>(
    '/users/:id/roles/:role',
    {
      config: { permission: 'roles:manage' },
      schema: {
        params: pathParams({ id: 100, role: 60 }),
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) =>
      options.users.handle(
        commandRequest(request, request.params.id, {
          type: 'RevokeRole',
          data: { role: request.params.role },
        }),
      ),
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
    '/users/:id/deactivate',
    {
      config: { permission: 'users:manage' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 500 } },
        },
        response: { 200: commandAnswerSchema },
      },
    },
    async (request) =>
      options.users.handle(
        commandRequest(request, request.params.id, {
          type: 'DeactivateUser',
          data: { reason: request.body?.reason ?? null },
        }),
      ),
  );

  app.post<{ Params: { id: string }; Body: { status: string; reason: string; effectiveAt?: string } }>(
    '/users/:id/status',
    {
      config: { permission: 'status:set-own' },
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['status', 'reason'],
          properties: {
            status: { type: 'string', minLength: 1, maxLength: 100 },
            reason: { type: 'string', minLength: 1, maxLength: 500 },
            effectiveAt: { type: 'string', format: 'date-time' },
          },
        },
        response: { 201: commandAnswerSchema },
      },
    },
    async (request, reply) => {
      if (!mayActFor(request, request.params.id, 'status:set-any')) {
        throw new DomainError('FORBIDDEN', 'you set your own status only', 403);
      }
      const status = await options.readModels.status(request.body.status);
      const answer = await options.statuses.handle(
        commandRequest(request, request.params.id, {
          type: 'SetStatus',
          data: {
            statusId: request.body.status,
            reason: request.body.reason,
            effectiveAt: request.body.effectiveAt === undefined ? null : Date.parse(request.body.effectiveAt),
            statusActive: status?.active === true,
          },
        }),
      );
      return reply.code(201).send(answer);
    },
  );
}
