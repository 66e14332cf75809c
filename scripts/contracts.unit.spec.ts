// Every route declares a response schema for each status it can answer: responses serialize through
// them, and the OpenAPI documents (and the web app's generated client) describe them.
import { describe, expect, it } from '@jest/globals';
import { contractGaps } from '@engage/auth';
import { commandRouteContracts } from '@engage/command-services';
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
});
