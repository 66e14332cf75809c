// openapi/*.json are generated from the services' route schemas; the web app's client types come from them.
import { describe, expect, it } from '@jest/globals';
import { staleOpenApiFiles } from './openapi.ts';

describe('openapi/commands.json and openapi/query.json', () => {
  it('are what the route schemas generate (run `npm run openapi` after changing a route)', async () => {
    expect(await staleOpenApiFiles()).toEqual([]);
  });
});
