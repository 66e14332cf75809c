import type { DomainEvent } from '@engage/event-log';
import type { CommandAnswer, CommandBus, CommandRequest } from '../runtime/command-bus.ts';
import { DomainError, type CommandContext } from '../runtime/decider.ts';
import { requireText } from '../shared/text.ts';
import type { CatalogCommand, CatalogState } from './decider.ts';

/** The catalogs whose entries' names are unique (roles are keyed by their lower-case ASCII name already). */
export type NamedCatalog = 'kudos-kinds' | 'statuses' | 'genders';

/** Commands of a name claim: the aggregate `name:<catalog>:<key>`, whose single writer keeps names unique. */
export type NameCommand =
  | { readonly type: 'ClaimName'; readonly data: { readonly entryId: string } }
  | { readonly type: 'ReleaseName'; readonly data: { readonly entryId: string } };

const prefix = 'name:';

/**
 * A name as uniqueness compares it: Unicode NFC, trimmed and case-folded ("Team Player", "team
 * player" and "TEAM PLAYER" are one name, as are "Straße" and "STRASSE"). Upper- then lower-casing
 * is the full case folding of Unicode for every letter but a handful no catalog name will hold;
 * JavaScript has no `casefold`, and no maintained npm package does more.
 */
export const nameKey = (name: string): string =>
  name.normalize('NFC').trim().toUpperCase().toLowerCase().normalize('NFC');

/** The aggregate id of the claim on `name` in `catalog`. */
export const nameClaimId = (catalog: NamedCatalog, name: string): string =>
  `${prefix}${catalog}:${nameKey(name)}`;

export const isNameClaim = (aggregateId: string): boolean => aggregateId.startsWith(prefix);

/** A name claim's decision: taken by one entry at a time; a claim or release by its holder repeats harmlessly. */
export function decideName(
  command: NameCommand,
  claimedBy: string | null,
  context: CommandContext,
): DomainEvent[] {
  if (!isNameClaim(context.aggregateId))
    throw new DomainError('WRONG_CATALOG', `${context.aggregateId} is not a name claim`);
  const [catalog = '', ...rest] = context.aggregateId.slice(prefix.length).split(':');
  const name = rest.join(':');
  const { entryId } = command.data;
  switch (command.type) {
    case 'ClaimName':
      if (claimedBy === entryId) return [];
      if (claimedBy !== null)
        throw new DomainError('NAME_TAKEN', `another entry of ${catalog} is already named ${name}`);
      return [{ type: 'NameClaimed', data: { catalog, name, entryId, claimedAt: context.now } }];
    case 'ReleaseName':
      if (claimedBy !== entryId) return [];
      return [{ type: 'NameReleased', data: { catalog, name, entryId, releasedAt: context.now } }];
  }
}

type Catalogs = CommandBus<CatalogCommand, CatalogState>;

function claim(
  catalogs: Catalogs,
  request: CommandRequest<CatalogCommand>,
  catalog: NamedCatalog,
  name: string,
  type: NameCommand['type'],
): Promise<CommandAnswer> {
  return catalogs.handle({
    actor: request.actor,
    correlationId: request.correlationId,
    now: request.now,
    aggregateId: nameClaimId(catalog, name),
    command: { type, data: { entryId: request.aggregateId } },
  });
}

/**
 * Creates a named entry in two steps, each decided by a single writer: the name's claim (of two
 * racing creations of one name in any case or form, exactly one gets it; NAME_TAKEN, 409, for the
 * other), then the entry. The entry's command is decided first without appending, so a creation the
 * catalog refuses claims nothing; a retry finds its own claim and goes on; a creation refused after
 * the claim anyway (its entry changed in between) gives it back.
 */
export async function createNamed(
  catalogs: Catalogs,
  catalog: NamedCatalog,
  name: string,
  request: CommandRequest<CatalogCommand>,
): Promise<CommandAnswer> {
  // A name no entry may have, or an entry the catalog would refuse, is refused before the name is
  // claimed: a refusal appends nothing.
  requireText('name', name, 1, 60);
  await catalogs.handle({ ...request, dryRun: true });
  await claim(catalogs, request, catalog, name, 'ClaimName');
  try {
    return await catalogs.handle(request);
  } catch (error) {
    if (error instanceof DomainError && error.code !== 'ALREADY_EXISTS')
      await claim(catalogs, request, catalog, name, 'ReleaseName');
    throw error;
  }
}

/**
 * Renames an entry (or changes it otherwise, when `name` is its current one): the new name is
 * claimed first, the old one (`current`, as the read model holds it) released after; a refused
 * change gives the new name back. A change of case or form only keeps the one claim.
 */
export async function renameNamed(
  catalogs: Catalogs,
  catalog: NamedCatalog,
  change: { readonly current: string; readonly name: string },
  request: CommandRequest<CatalogCommand>,
): Promise<CommandAnswer> {
  if (nameKey(change.name) === nameKey(change.current)) return catalogs.handle(request);
  requireText('name', change.name, 1, 60);
  await catalogs.handle({ ...request, dryRun: true });
  await claim(catalogs, request, catalog, change.name, 'ClaimName');
  let answer: CommandAnswer;
  try {
    answer = await catalogs.handle(request);
  } catch (error) {
    await claim(catalogs, request, catalog, change.name, 'ReleaseName');
    throw error;
  }
  await claim(catalogs, request, catalog, change.current, 'ReleaseName');
  return answer;
}
