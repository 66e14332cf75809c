import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { avroSchemas, registerSchemas, type EventDataByType, type EventType } from '@engage/schemas';

/**
 * Avro in the Confluent wire format (magic byte, 4-byte schema id, Avro binary), through
 * @kafkajs/confluent-schema-registry. Writer schemas are fetched once per id and cached, so after
 * warm-up encoding and decoding make no registry calls; an event written with an older schema is
 * read into the current one with a cached resolver.
 */
export class EventCodec {
  private readonly readers = new Map<EventType, avro.Type>();
  private readonly resolvers = new Map<number, avro.Resolver>();
  /** Registry lookups made since start (for the replay benchmark). */
  registryLookups = 0;

  private readonly registry: SchemaRegistry;
  private readonly idOf: ReadonlyMap<EventType, number>;

  private constructor(registry: SchemaRegistry, idOf: ReadonlyMap<EventType, number>) {
    this.registry = registry;
    this.idOf = idOf;
  }

  /** Registers every event schema (idempotently) and returns a codec for them. */
  static async create(schemaRegistryUrl: string): Promise<EventCodec> {
    const { idOf } = await registerSchemas(schemaRegistryUrl);
    const registry = new SchemaRegistry({ host: schemaRegistryUrl });
    return new EventCodec(registry, idOf);
  }

  schemaIdOf(type: EventType): number {
    const id = this.idOf.get(type);
    if (id === undefined) throw new Error(`no schema registered for ${type}`);
    return id;
  }

  async encode<T extends EventType>(type: T, data: EventDataByType[T]): Promise<Buffer> {
    return this.registry.encode(this.schemaIdOf(type), data);
  }

  /** Decodes a value written as `type`, into the current schema of that type. */
  async decode<T extends EventType>(type: T, value: Buffer): Promise<EventDataByType[T]> {
    if (value.length < 5 || value[0] !== 0)
      throw new Error('not in the Confluent wire format (magic byte 0)');
    const writerId = value.readInt32BE(1);
    if (writerId === this.idOf.get(type)) return (await this.registry.decode(value)) as EventDataByType[T];
    const reader = this.readerOf(type);
    let resolver = this.resolvers.get(writerId);
    if (resolver === undefined) {
      this.registryLookups += 1;
      const writer = (await this.registry.getSchema(writerId)) as unknown as avro.Type;
      resolver = reader.createResolver(writer);
      this.resolvers.set(writerId, resolver);
    }
    return reader.fromBuffer(value.subarray(5), resolver) as EventDataByType[T];
  }

  private readerOf(type: EventType): avro.Type {
    let reader = this.readers.get(type);
    if (reader === undefined) {
      reader = avro.Type.forSchema(avroSchemas[type] as avro.Schema);
      this.readers.set(type, reader);
    }
    return reader;
  }
}
