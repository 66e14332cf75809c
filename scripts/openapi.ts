// `npm run openapi` writes openapi/commands.json and openapi/query.json from the services' own route
// schemas, built in-process without Kafka or MongoDB; `--check` exits 1 naming each stale file.
// The web app generates its client types from exactly these two files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import prettier from 'prettier';
import { commandOpenApiDocument } from '@engage/command-services';
import { queryOpenApiDocument } from '@engage/query-api';
import { repoRoot } from '@engage/stack';

export const openApiFiles = {
  commands: join(repoRoot, 'openapi', 'commands.json'),
  query: join(repoRoot, 'openapi', 'query.json'),
} as const;

/** Object keys sorted at every level, so the text only changes when the contract does. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

async function render(document: unknown, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(sortedKeys(document)), { ...options, filepath: file });
}

/** What each file should hold for the routes as they are now. */
export async function generatedOpenApi(): Promise<Array<{ file: string; text: string }>> {
  return [
    {
      file: openApiFiles.commands,
      text: await render(await commandOpenApiDocument(), openApiFiles.commands),
    },
    { file: openApiFiles.query, text: await render(await queryOpenApiDocument(), openApiFiles.query) },
  ];
}

/** The files whose committed text differs from what the routes generate (missing counts as stale). */
export async function staleOpenApiFiles(): Promise<string[]> {
  return (await generatedOpenApi())
    .filter(({ file, text }) => !existsSync(file) || readFileSync(file, 'utf8') !== text)
    .map(({ file }) => relative(repoRoot, file));
}

if (import.meta.main) {
  if (process.argv.includes('--check')) {
    const stale = await staleOpenApiFiles();
    for (const file of stale) process.stdout.write(`${file} is stale: run npm run openapi\n`);
    if (stale.length === 0)
      process.stdout.write('openapi/commands.json and openapi/query.json are current\n');
    process.exit(stale.length === 0 ? 0 : 1);
  }
  for (const { file, text } of await generatedOpenApi()) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stdout.write(`wrote ${relative(repoRoot, file)}\n`);
  }
  process.exit(0);
}
