import { startFileService } from './app.ts';
import { configFromEnv } from './config.ts';

const running = await startFileService(configFromEnv(), { logger: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.stop().then(() => process.exit(0));
  });
}
