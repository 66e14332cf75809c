// Generates src/generated/events.ts from avro/**.avsc: one TypeScript type per event, never
// written by hand. With --release, also adds each changed schema to history/ as its next version,
// refusing one that cannot read the data of every earlier version.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentSchemas, historyDir, releasedVersions, schemasRoot } from '../src/catalog.ts';
import { generateTypes } from '../src/codegen.ts';
import { historyProblems } from '../src/compatibility.ts';

const out = join(schemasRoot, 'src', 'generated', 'events.ts');
mkdirSync(join(schemasRoot, 'src', 'generated'), { recursive: true });
writeFileSync(out, generateTypes(currentSchemas()));
console.log(`wrote ${out}`);

if (process.argv.includes('--release')) {
  const incompatible = historyProblems().filter((problem) => !problem.problem.includes('is not released'));
  if (incompatible.length > 0) {
    for (const { eventType, problem } of incompatible) console.error(`${eventType}: ${problem}`);
    process.exit(1);
  }
  for (const { topic, eventType, schema } of currentSchemas()) {
    const versions = releasedVersions(topic, eventType);
    if (JSON.stringify(versions.at(-1)) === JSON.stringify(schema)) continue;
    const dir = join(historyDir, topic, eventType);
    mkdirSync(dir, { recursive: true });
    const next = readdirSync(dir).length + 1;
    writeFileSync(join(dir, `v${next}.avsc`), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`released ${topic}/${eventType} v${next}`);
  }
}
