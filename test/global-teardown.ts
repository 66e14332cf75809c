export default async function globalTeardown(): Promise<void> {
  await globalThis.engageTeardown?.();
  process.stderr.write('\n');
}
