export * from './generated/events.ts';
export { registerSchemas, subjectOf } from './registry.ts';
export type { RegisteredSchemas } from './registry.ts';
export { historyProblems, incompatibility } from './compatibility.ts';
export { currentSchemas, releasedVersions } from './catalog.ts';
export type { AvroRecordSchema, SchemaFile } from './catalog.ts';
export { isoWeekOf, monthOf } from './calendar.ts';
