import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { LogHealth } from '../src/health.ts';

describe('the log health of a service', () => {
  it('says an outage once when it starts and once when a probe finds Kafka again', async () => {
    const said: string[] = [];
    let answering = false;
    let probes = 0;
    const health = new LogHealth({
      probe: async () => {
        probes += 1;
        if (!answering) throw new Error('connection refused');
      },
      say: (line) => said.push(line),
      probeEveryMs: 10,
    });
    expect(health.up).toBe(true);
    health.failed('posts:1: connection refused');
    health.failed('posts:2: connection refused');
    expect(health.up).toBe(false);
    await sleep(60);
    expect(probes).toBeGreaterThan(1);
    expect(health.up).toBe(false);
    answering = true;
    await sleep(60);
    expect(health.up).toBe(true);
    expect(said).toEqual([
      expect.stringMatching(/^kafka: unavailable \(posts:1: connection refused\)/),
      expect.stringMatching(/^kafka: answering again after \d+\.\d s$/),
    ]);
    const settled = probes;
    await sleep(40);
    expect(probes).toBe(settled);
    health.stop();
  });

  it('ends an outage at the first append that commits, without waiting for a probe', () => {
    const said: string[] = [];
    const health = new LogHealth({
      probe: () => new Promise(() => undefined),
      say: (line) => said.push(line),
    });
    health.answered();
    expect(said).toEqual([]);
    health.failed('an append did not commit within 5 s');
    health.answered();
    expect(health.up).toBe(true);
    expect(said).toHaveLength(2);
    health.stop();
  });
});
