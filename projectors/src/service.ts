// The projectors service as a function: keeps every read model up to date. A projection whose code
// version is newer than the active one is rebuilt into new collections while the active version
// keeps serving (run by its own `previous` code when the projection still carries it), then
// switched (see runtime/rebuild.ts). `server.ts` calls it with the environment; tests call it too.
import type { Kafka } from 'kafkajs';
import type mongoose from 'mongoose';
import type { EventCodec } from '@engage/event-log';
import { projections as everyProjection } from './projections.ts';
import type { Projection } from './runtime/projection.ts';
import { Projector } from './runtime/projector.ts';
import { Rebuild } from './runtime/rebuild.ts';
import { RebuildRunner } from './runtime/rebuilds.ts';
import { activeVersion, switchActiveVersion } from './runtime/versions.ts';

export interface ProjectorsConfig {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly db: mongoose.Connection;
  readonly topicPrefix?: string;
  /** Every projection unless given (tests run a few). */
  readonly projections?: readonly Projection[];
  readonly log?: (line: string, fields?: Readonly<Record<string, unknown>>) => void;
}

export interface RunningProjectors {
  /** The projector serving each projection now; a finished rebuild replaces its entry. */
  readonly live: ReadonlyMap<string, Projector>;
  /** Rebuilds started because the code's version is newer than the active one. */
  readonly rebuilds: readonly Rebuild[];
  /** Stops every projector this call started: the serving ones, the rebuilding ones, the admin's. */
  stop(): Promise<void>;
}

export async function startProjectors(config: ProjectorsConfig): Promise<RunningProjectors> {
  const { kafka, codec, db, topicPrefix = '' } = config;
  const log = config.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const projections = config.projections ?? everyProjection;
  const started = new Set<Projector>();
  const live = new Map<string, Projector>();
  const rebuilds: Rebuild[] = [];
  const run = async (projection: Projection): Promise<Projector> => {
    const projector = new Projector({ kafka, codec, db, projection, topicPrefix, log });
    started.add(projector);
    await projector.start();
    return projector;
  };

  // Each projection is independent: they join their consumer groups at the same time.
  const serve = async (projection: Projection): Promise<void> => {
    const active = await activeVersion(db, projection.name, 0);
    if (active === 0) {
      live.set(projection.name, await run(projection));
      await switchActiveVersion(db, projection.name, projection.version);
    } else if (active < projection.version) {
      // The active version keeps serving while the new one replays; only its own code may write
      // its collections, so without it they are served as they stand until the switch.
      const previous = projection.previous?.version === active ? projection.previous : undefined;
      const old = previous === undefined ? undefined : await run(previous);
      if (old === undefined) {
        log(
          `projectors: ${projection.name}@${active} has no code here; served unchanged until @${projection.version} catches up`,
        );
      } else {
        live.set(projection.name, old);
      }
      const rebuild = new Rebuild({ kafka, codec, db, projection, topicPrefix }, async () => {
        await old?.stop();
        if (old !== undefined) started.delete(old);
      });
      started.add(rebuild.newProjector);
      rebuilds.push(rebuild);
      void rebuild.finished.then(() => live.set(projection.name, rebuild.newProjector));
    } else {
      live.set(projection.name, await run({ ...projection, version: active }));
    }
  };
  await Promise.all(projections.map(serve));
  // Rebuilds asked for through the admin API (POST /admin/projections/{name}/rebuild), one instance each.
  const runner = new RebuildRunner({ kafka, codec, db, projections, topicPrefix, live, log });
  runner.start();
  log(`projectors: running ${[...started].map((projector) => projector.key).join(', ')}`);

  let stopping: Promise<void> | undefined;
  return {
    live,
    rebuilds,
    stop: () =>
      (stopping ??= Promise.all([runner.stop(), ...rebuilds.map((rebuild) => rebuild.stop())])
        .then(() =>
          Promise.all([...new Set([...started, ...live.values()])].map((projector) => projector.stop())),
        )
        .then(() => undefined)),
  };
}
