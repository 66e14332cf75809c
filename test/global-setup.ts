// Chooses the servers every test talks to: those named by KAFKA_BROKERS, SCHEMA_REGISTRY_URL and
// MONGO_URL; else containers when a Docker engine answers; else the local stack launcher (its
// `test` stack, on ports of its own). The choice reaches the test workers through process.env.
import { stackConfig, up } from '@engage/stack';
import { dockerAnswers, exportEndpoints, namedServers } from './servers.ts';

declare global {
  var engageTeardown: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  const say = (line: string): void => void process.stderr.write(`\ntest servers: ${line}`);
  const named = namedServers();
  if (named !== undefined) {
    say(
      `using KAFKA_BROKERS=${named.kafkaBrokers} SCHEMA_REGISTRY_URL=${named.schemaRegistryUrl} MONGO_URL=${named.mongoUrl}\n`,
    );
    return;
  }
  if (await dockerAnswers()) {
    say('a Docker engine answers; starting containers\n');
    const { startContainers } = await import('./containers.ts');
    const containers = await startContainers();
    exportEndpoints(containers.endpoints);
    globalThis.engageTeardown = () => containers.stop();
    return;
  }
  const config = stackConfig({ ...process.env, STACK_NAME: process.env['STACK_NAME'] ?? 'test' });
  const stack = await up(config, (line) => say(line));
  say(`local stack ready in ${config.dir}\n`);
  exportEndpoints(stack.endpoints);
  if (process.env['STACK_KEEP'] !== '1') {
    const { down } = await import('@engage/stack');
    globalThis.engageTeardown = () => down(config, (line) => say(line), stack.started);
  }
}
