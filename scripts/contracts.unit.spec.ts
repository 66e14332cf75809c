// Every route declares a response schema for each status it can answer: responses serialize through
// them, and the OpenAPI documents (and the web app's generated client) describe them.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { FastifyContextConfig } from 'fastify';
import { builtInRoles, contractGaps } from '@engage/auth';
import { commandRouteContracts, refusalCodes } from '@engage/command-services';
import { fileRouteContracts } from '@engage/files';
import { queryRouteContracts } from '@engage/query-api';

describe('route contracts', () => {
  it('the query API declares a response schema for every status each route answers', async () => {
    const routes = await queryRouteContracts();
    expect(routes.length).toBeGreaterThan(10);
    expect(contractGaps(routes)).toEqual([]);
  });

  it('the command side (auth routes included) declares a response schema for every status each route answers', async () => {
    const routes = await commandRouteContracts();
    expect(routes.length).toBeGreaterThan(30);
    expect(contractGaps(routes)).toEqual([]);
  });

  it('the file service declares a response schema for every status each route answers', async () => {
    const routes = await fileRouteContracts();
    expect(routes.length).toBeGreaterThan(2);
    expect(contractGaps(routes)).toEqual([]);
  });

  it('the guard names a route that lacks the schema of a status it answers', () => {
    const gaps = contractGaps([
      {
        method: 'GET',
        url: '/things/:id',
        public: false,
        permission: 'things:read',
        schema: { params: {}, response: { 200: {}, 401: {} } },
      },
    ]);
    expect(gaps).toEqual([
      'GET /things/:id: answers 403 but declares no schema for it',
      'GET /things/:id: answers 400 but declares no schema for it',
      'GET /things/:id: answers 500 but declares no schema for it',
    ]);
  });

  it('the guard names a route that takes a body without the 413 and 415 Fastify answers before any handler', () => {
    const gaps = contractGaps([
      {
        method: 'DELETE',
        url: '/things/:id',
        public: true,
        permission: null,
        schema: { params: {}, response: { 204: {}, 400: {}, 401: {}, 500: {} } },
      },
    ]);
    expect(gaps).toEqual([
      'DELETE /things/:id: answers 413 but declares no schema for it',
      'DELETE /things/:id: answers 415 but declares no schema for it',
    ]);
  });
});

describe('route permissions', () => {
  it('every permission a route requires is granted by a built-in role, so some user can call it', async () => {
    const granted = new Set<string>(Object.values(builtInRoles).flatMap((role) => role.permissions));
    const routes = [...(await queryRouteContracts()), ...(await commandRouteContracts())];
    const ungranted = routes
      .filter((route) => route.permission !== null && !granted.has(route.permission))
      .map((route) => `${route.method} ${route.url}: ${route.permission}`);
    expect(ungranted).toEqual([]);
  });

  it('a permission that does not exist does not compile', () => {
    // @ts-expect-error: a typo is not a Permission (tsc -b checks this file).
    const typo: FastifyContextConfig = { permission: 'kudos:giv' };
    const real: FastifyContextConfig = { permission: 'kudos:give' };
    expect([typo.permission, real.permission]).toEqual(['kudos:giv', 'kudos:give']);
  });
});

describe('error codes', () => {
  it('the web app has a sentence for every code a command can be refused with', () => {
    const source = readFileSync(new URL('../web/src/api/errors.ts', import.meta.url), 'utf8');
    const table = source.slice(source.indexOf('errorSentences'), source.indexOf('\n};'));
    const explained = new Set([...table.matchAll(/^ {2}([A-Z_]+):/gm)].map((match) => match[1]));
    expect(refusalCodes.length).toBeGreaterThan(30);
    expect(refusalCodes.filter((code) => !explained.has(code))).toEqual([]);
  });
});
