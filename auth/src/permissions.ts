/** What each built-in role may do. Admins can add roles; these three exist from the start. */
export const builtInRoles = {
  member: {
    description: 'Everyone: gives kudos, keeps their own profile and status, reads people and kudos',
    permissions: [
      'people:read',
      'kudos:read',
      'kudos:give',
      'profile:edit-own',
      'status:set-own',
      'initiatives:read',
      'initiatives:write',
      'posts:read',
      'posts:write',
      'notifications:read',
      'notifications:manage-own',
    ],
  },
  admin: {
    description: 'Manages people, roles and catalogs, and moderates',
    permissions: [
      'people:read',
      'kudos:read',
      'kudos:give',
      'profile:edit-own',
      'status:set-own',
      'profile:edit-any',
      'status:set-any',
      'users:manage',
      'roles:manage',
      'catalogs:manage',
      'kudos:moderate',
      'projections:manage',
      'audit:read',
      'clients:manage',
      'keys:manage',
      'initiatives:read',
      'initiatives:write',
      'initiatives:moderate',
      'posts:read',
      'posts:write',
      'posts:moderate',
      'notifications:read',
      'notifications:manage-own',
      'notifications:broadcast',
    ],
  },
  auditor: {
    description: 'Reads the history of kudos and status changes; never writes',
    permissions: [
      'people:read',
      'kudos:read',
      'audit:read',
      'initiatives:read',
      'posts:read',
      'notifications:read',
    ],
  },
} as const satisfies Record<string, { description: string; permissions: readonly string[] }>;

/** Every permission a route can require: a typo in a route's `config.permission` does not compile. */
export type Permission = (typeof builtInRoles)[keyof typeof builtInRoles]['permissions'][number];
