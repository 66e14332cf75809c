// A refused ADMIN_PASSWORD: the message names the variable, the rule and the fix, and the service
// exits before it listens.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@engage/stack';
import { adminPasswordProblem } from '../src/service.ts';

describe('ADMIN_PASSWORD', () => {
  it('is refused with the variable, the rule and the fix', () => {
    const message = adminPasswordProblem({ ADMIN_EMAIL: 'ada@example.com', ADMIN_PASSWORD: 'short' });
    expect(message).toContain('ADMIN_PASSWORD');
    expect(message).toContain('must have at least 12 characters');
    expect(message).toContain('Set ADMIN_PASSWORD to');
    expect(
      adminPasswordProblem({ ADMIN_EMAIL: 'ada@example.com', ADMIN_PASSWORD: 'ada@example.com and more' }),
    ).toContain('must not contain your email address');
    expect(
      adminPasswordProblem({ ADMIN_EMAIL: 'ada@example.com', ADMIN_PASSWORD: 'four unrelated words here' }),
    ).toBeUndefined();
  });

  it('stops the command services before they listen', () => {
    const port = 18_000 + Math.floor(Math.random() * 1000);
    const run = spawnSync(
      process.execPath,
      ['--disable-warning=TimeoutNegativeWarning', join(repoRoot, 'command-services/src/server.ts')],
      {
        env: {
          PATH: process.env['PATH'],
          // Servers that do not exist: the check comes before any connection.
          KAFKA_BROKERS: '127.0.0.1:1',
          SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
          MONGO_URL: 'mongodb://127.0.0.1:1',
          INTERNAL_TOKEN: 'x',
          COMMAND_SERVICES_PORT: String(port),
          ADMIN_EMAIL: 'ada@example.com',
          ADMIN_PASSWORD: 'short',
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ADMIN_PASSWORD is refused: the password must have at least 12 characters');
    expect(run.stdout).not.toContain('listening');
  }, 40_000);
});
