import { configFromEnv, startCommandService } from './service.ts';

const service = await startCommandService(configFromEnv());
process.stdout.write(`${JSON.stringify({ listening: service.address })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void service.stop().then(() => process.exit(0)));
}
