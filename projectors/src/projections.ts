import { kudosKindsProjection } from './kudos-kinds/projection.ts';
import type { Projection } from './runtime/projection.ts';

/** Every read model the projectors service keeps. */
export const projections: readonly Projection[] = [kudosKindsProjection];
