import { serviceLogging } from '@engage/auth';
import { adminPasswordProblem, configFromEnv, startCommandService } from './service.ts';

const refused = adminPasswordProblem();
if (refused !== undefined) {
  process.stderr.write(`command-services: ${refused}\n`);
  process.exit(1);
}
const service = await startCommandService({
  ...configFromEnv(),
  logging: serviceLogging('command-services'),
});
process.stdout.write(`${JSON.stringify({ listening: service.address })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void service.stop().then(() => process.exit(0)));
}
