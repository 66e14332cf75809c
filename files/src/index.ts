export { fileRouteContracts, fileRouteTable, registerFileRoutes, startFileService } from './app.ts';
export type { RunningFileService } from './app.ts';
export { configFromEnv } from './config.ts';
export type { FileServiceConfig } from './config.ts';
export { processImage } from './processing/process.ts';
export type { Crop, ProcessedImage } from './processing/process.ts';
export { FileRefused } from './processing/refusal.ts';
export { variantsOf, purposes } from './processing/variants.ts';
export type { Purpose } from './processing/variants.ts';
