import { serviceLogging } from '@engage/auth';
import { startFileService } from './app.ts';
import { configFromEnv } from './config.ts';

const running = await startFileService(configFromEnv(), { logging: serviceLogging('files') });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.stop().then(() => process.exit(0));
  });
}
