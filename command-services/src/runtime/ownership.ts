import type mongoose from 'mongoose';

/** Who owns each partition, so a command that reaches another instance is forwarded to its writer. */
export interface OwnershipDirectory {
  publish(topic: string, partition: number, address: string): Promise<void>;
  ownerOf(topic: string, partition: number): Promise<string | undefined>;
}

interface OwnerDocument {
  _id: string;
  address: string;
  since: Date;
}

/**
 * The directory as a MongoDB collection. An entry may be stale for a moment after a rebalance;
 * a forwarded command that reaches a former owner is refused (NOT_OWNER) and retried.
 */
export function mongoOwnershipDirectory(connection: mongoose.Connection): OwnershipDirectory {
  const owners = connection.collection<OwnerDocument>('command_partition_owners');
  return {
    async publish(topic, partition, address) {
      await owners.updateOne(
        { _id: `${topic}:${partition}` },
        { $set: { address, since: new Date() } },
        { upsert: true },
      );
    },
    async ownerOf(topic, partition) {
      const owner = await owners.findOne({ _id: `${topic}:${partition}` });
      return owner?.address;
    },
  };
}
