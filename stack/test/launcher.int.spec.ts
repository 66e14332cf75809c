import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { stackConfig } from '../src/config.ts';
import { status, up } from '../src/stack.ts';

describe('the stack launcher', () => {
  it('stops what it started when one server cannot start, leaving no process behind', async () => {
    // Something that is not Kafka holds the Kafka port: the broker fails to bind and exits.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const address = squatter.address();
    const taken = typeof address === 'object' && address ? address.port : 0;
    const config = stackConfig({
      ...process.env,
      STACK_NAME: 'launcher-test',
      STACK_DIR: mkdtempSync(join(tmpdir(), 'engage-stack-')),
      KAFKA_PORT: String(taken),
      KAFKA_CONTROLLER_PORT: '47093',
      REGISTRY_PORT: '47081',
      REGISTRY_MANAGEMENT_PORT: '47001',
      MONGO_PORT: '47017',
    });
    try {
      await expect(up(config)).rejects.toThrow(/kafka/);
      const states = await status(config);
      expect(states.map((state) => [state.name, state.pid, state.answering])).toEqual([
        ['kafka', undefined, false],
        ['registry', undefined, false],
        ['mongo', undefined, false],
      ]);
    } finally {
      squatter.close();
    }
  }, 120_000);
});
