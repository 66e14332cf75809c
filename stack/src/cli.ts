// npm run stack:up | stack:down | stack:status  (STACK_NAME=test for the test harness's stack)
import { endpointsOf, stackConfig } from './config.ts';
import { down, status, up } from './stack.ts';

const config = stackConfig();
const say = (line: string): void => void process.stderr.write(`stack(${config.name}): ${line}\n`);

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const began = Date.now();
      const { endpoints } = await up(config, say);
      say(`up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      console.log(JSON.stringify(endpoints));
      return 0;
    }
    case 'down':
      await down(config, say);
      return 0;
    case 'status': {
      const states = await status(config);
      const endpoints = endpointsOf(config);
      for (const state of states) {
        console.log(
          `${state.name.padEnd(9)} ${state.pid === undefined ? 'stopped' : `pid ${state.pid}`}  ${state.answering ? 'answering' : 'not answering'}`,
        );
      }
      console.log(`KAFKA_BROKERS=${endpoints.kafkaBrokers}`);
      console.log(`SCHEMA_REGISTRY_URL=${endpoints.schemaRegistryUrl}`);
      console.log(`MONGO_URL=${endpoints.mongoUrl}`);
      return states.every((state) => state.answering) ? 0 : 3;
    }
    default:
      console.error('usage: node stack/src/cli.ts up | down | status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
