import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { hashPassword, mayActFor, Nullable, passwordProblem } from '@engage/auth';
import type { CredentialStore } from '../auth/credentials.ts';
import type { CommandBus } from '../runtime/command-bus.ts';
import { DomainError } from '../runtime/decider.ts';
import {
  CommandAnswer,
  commandErrors,
  commandHeaders,
  commandRequest,
  idParams,
  newAggregateId,
  pathParams,
} from '../runtime/http.ts';
import type { ReadModels } from '../read-models.ts';
import type { StatusCommand, StatusTimeline } from '../user-status/decider.ts';
import { emailClaimId, type UsersCommand, type UsersState } from './decider.ts';
import { imageFor } from '../shared/images.ts';
import { registerUser } from './register.ts';

export interface UserRoutesOptions {
  readonly users: CommandBus<UsersCommand, UsersState>;
  readonly statuses: CommandBus<StatusCommand, StatusTimeline>;
  readonly credentials: CredentialStore;
  readonly readModels: ReadModels;
  /** Whether people may register themselves (SELF_SIGN_UP=true); otherwise only admins register people. */
  readonly selfSignUp: boolean;
}

const nullableText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));

/** A profile's fields as clients send them (the email, names, and the optional rest). */
const profileFields = {
  email: Type.String({ maxLength: 254 }),
  firstName: Type.String({ maxLength: 100 }),
  lastName: Type.String({ maxLength: 100 }),
  bio: nullableText(2000),
  birthDate: nullableText(10),
  mobile: nullableText(16),
  gender: nullableText(100),
};

const RegisterBody = Type.Object(
  { ...profileFields, password: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);

const ProfileChange = Type.Object(
  {
    email: Type.Optional(profileFields.email),
    firstName: Type.Optional(profileFields.firstName),
    lastName: Type.Optional(profileFields.lastName),
    bio: profileFields.bio,
    birthDate: profileFields.birthDate,
    mobile: profileFields.mobile,
    gender: profileFields.gender,
    avatar: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 100,
          description:
            'A file id from POST /files with purpose avatar, uploaded by the sender; null removes it',
        }),
      ),
    ),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** People: registering (admins), roles (admins) and status (yourself, or admins for anyone). */
export async function userRoutes(base: FastifyInstance, options: UserRoutesOptions): Promise<void> {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/users',
    {
      // Admins register anyone; when self sign-up is on, a visitor without a token registers themselves.
      config: { public: true },
      schema: {
        headers: commandHeaders,
        body: RegisterBody,
        response: { 201: CommandAnswer, ...commandErrors },
      },
    },
    async (request, reply) => {
      const byAdmin = request.principal?.permissions.includes('users:manage') === true;
      if (!byAdmin && (!options.selfSignUp || request.principal !== null)) {
        if (request.principal === null)
          throw new DomainError('UNAUTHENTICATED', 'registering people needs an admin token');
        throw new DomainError('FORBIDDEN', 'this needs the users:manage permission');
      }
      const { password, ...given } = request.body;
      const problem = passwordProblem(password, given.email);
      if (problem !== undefined) throw new DomainError('WEAK_PASSWORD', problem);
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

  app.post(
    '/users/:id/roles',
    {
      config: { permission: 'roles:manage' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(
          { role: Type.String({ minLength: 1, maxLength: 60 }) },
          { additionalProperties: false },
        ),
        response: { 200: CommandAnswer, ...commandErrors },
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

  app.patch(
    '/users/:id',
    {
      config: { permission: 'profile:edit-own' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: ProfileChange,
        response: { 200: CommandAnswer, ...commandErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!mayActFor(request, id, 'profile:edit-any'))
        throw new DomainError('FORBIDDEN', 'you change your own profile only');
      const current = await options.readModels.profile(id);
      if (current === null) throw new DomainError('NOT_FOUND', `no user ${id}`);
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
      const gender = next.gender ? await options.readModels.gender(next.gender) : null;
      const image =
        avatar === undefined || avatar === null
          ? avatar
          : await imageFor(options.readModels, {
              field: 'avatar',
              fileId: avatar,
              owner: base.actor ?? '',
              purpose: 'avatar',
            });
      const update = commandRequest(
        request,
        id,
        {
          type: 'UpdateProfile' as const,
          data: {
            ...next,
            ...(image === undefined ? {} : { avatar: image }),
            genderKnown: gender?.active === true,
          },
        },
        expectedVersion,
      );
      // A change that would be refused (a stale expectedVersion, a bad field) is refused before the
      // new address is claimed, so it appends nothing; the dry run decides without appending.
      if (emailChanged) {
        await options.users.handle({ ...update, dryRun: true });
        await onClaim(next.email, 'ClaimEmail');
      }
      let answer;
      try {
        answer = await options.users.handle(update);
      } catch (error) {
        // A refused change gives the new address back, as a refused registration does.
        if (emailChanged) await onClaim(next.email, 'ReleaseEmail');
        throw error;
      }
      if (emailChanged) {
        await onClaim(current.email, 'ReleaseEmail');
        await options.credentials.rename(current.email, next.email);
      }
      return answer;
    },
  );

  app.delete(
    '/users/:id/roles/:role',
    {
      config: { permission: 'roles:manage' },
      schema: {
        headers: commandHeaders,
        params: pathParams({ id: 100, role: 60 }),
        response: { 200: CommandAnswer, ...commandErrors },
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

  app.post(
    '/users/:id/deactivate',
    {
      config: { permission: 'users:manage' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Optional(
          Type.Object(
            { reason: Type.Optional(Type.String({ maxLength: 500 })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: CommandAnswer, ...commandErrors },
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

  app.post(
    '/users/:id/status',
    {
      config: { permission: 'status:set-own' },
      schema: {
        headers: commandHeaders,
        params: idParams,
        body: Type.Object(
          {
            status: Type.String({ minLength: 1, maxLength: 100 }),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
            effectiveAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CommandAnswer, ...commandErrors },
      },
    },
    async (request, reply) => {
      if (!mayActFor(request, request.params.id, 'status:set-any')) {
        throw new DomainError('FORBIDDEN', 'you set your own status only');
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
