// Starts the whole system once for every journey: the built web app and the API behind one
// gateway port (see test/web-system.ts), and the catalogs an admin would set up first.
import type { TestProject } from 'vitest/node';
import { startWebSystem } from '@engage/test-harness/web-system';
import { setUpCatalogs } from './api';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    admin: { email: string; password: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const web = await startWebSystem();
  try {
    await setUpCatalogs(web.baseUrl, web.admin);
  } catch (error) {
    await web.stop();
    throw error;
  }
  project.provide('baseUrl', web.baseUrl);
  project.provide('admin', web.admin);
  return () => web.stop();
}
