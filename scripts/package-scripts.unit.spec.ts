// Every package answers the same four commands, so a newcomer runs any of them the same way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@engage/stack';

const scriptsOf = (folder: string): string[] =>
  Object.keys(
    (JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as { scripts?: object })
      .scripts ?? {},
  );

describe('package.json scripts', () => {
  it('every workspace package has build, typecheck, lint and test', () => {
    const { workspaces } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    expect(workspaces.length).toBeGreaterThan(5);
    const missing = ['.', ...workspaces].flatMap((folder) =>
      ['build', 'typecheck', 'lint', 'test']
        .filter((name) => !scriptsOf(folder).includes(name))
        .map((name) => `${folder}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
