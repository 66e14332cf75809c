import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, type StackEndpoints } from '@engage/stack';
import { createServer } from 'node:net';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';

/** The image tags docker-compose.yml runs, so tests and production-like runs use the same servers. */
function composeImage(service: string): string {
  const compose = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
  const match = new RegExp(`\\n  ${service}:\\n(?:    .*\\n)*?    image: (\\S+)`).exec(compose);
  if (!match?.[1]) throw new Error(`docker-compose.yml has no image for ${service}`);
  return match[1];
}

/** A free port on this host: the broker must advertise the port clients will dial. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The official apache/kafka image as one KRaft broker+controller, as in docker-compose.yml. */
async function startKafka(): Promise<{ container: StartedTestContainer; brokers: string }> {
  const port = await freePort();
  const container = await new GenericContainer(composeImage('kafka'))
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return { container, brokers: `127.0.0.1:${port}` };
}

export interface Containers {
  readonly endpoints: StackEndpoints;
  stop(): Promise<void>;
}

/** Kafka, the registry and MongoDB as throwaway containers, for machines with a Docker engine. */
export async function startContainers(): Promise<Containers> {
  const [kafka, registry, mongo] = await Promise.all([
    startKafka(),
    new GenericContainer(composeImage('schema-registry'))
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080))
      .start(),
    new MongoDBContainer(composeImage('mongo')).start(),
  ]);
  const registryUrl = `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`;
  await fetch(`${registryUrl}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: 'BACKWARD_TRANSITIVE' }),
  });
  const started: StartedTestContainer[] = [kafka.container, registry, mongo];
  return {
    endpoints: {
      kafkaBrokers: kafka.brokers,
      schemaRegistryUrl: registryUrl,
      mongoUrl: `${mongo.getConnectionString()}?directConnection=true`,
    },
    stop: async () => {
      await Promise.all(started.map((container) => container.stop()));
    },
  };
}
