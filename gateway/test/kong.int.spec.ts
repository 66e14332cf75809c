import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@engage/stack';

const kongFile = join(repoRoot, 'kong', 'kong.yml');

function deckValidate(file: string): { status: number | null; output: string } {
  const result = spawnSync('deck', ['validate', '--state', file], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `deck is not installed (Debian: apt-get install deck; ./dev test installs it): ${result.error.message}`,
    );
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('kong/kong.yml', () => {
  it('is accepted by deck validate', () => {
    const { status, output } = deckValidate(kongFile);
    expect({ status, output }).toEqual({ status: 0, output: '' });
  });

  it('is checked for real: deck rejects a route with an unknown property', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kong-')), 'kong.yml');
    writeFileSync(
      file,
      '_format_version: "3.0"\nservices:\n  - name: x\n    url: http://x:1\n    routes:\n      - name: r\n        paths: ["/a"]\n        pathz: 1\n',
    );
    const { status, output } = deckValidate(file);
    expect(status).not.toBe(0);
    expect(output).toContain('pathz');
  });
});
