import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { StackConfig } from '../config.ts';
import { fetched } from '../fetch.ts';
import { findJava } from '../java.ts';
import { launch, managed } from '../processes.ts';
import type { Server } from './server.ts';

/** One combined broker+controller node in KRaft mode with a static quorum. */
function serverProperties(config: StackConfig, dataDir: string): string {
  const { host, kafkaPort, kafkaControllerPort } = config;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${kafkaControllerPort}`,
    `listeners=PLAINTEXT://${host}:${kafkaPort},CONTROLLER://${host}:${kafkaControllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${kafkaPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=6',
    // Topics are created on purpose, with their partition count and retention, by the event log.
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Fewer internal partitions: a single dev broker starts its coordinators faster.
    'offsets.topic.num.partitions=6',
    'transaction.state.log.num.partitions=6',
    '',
  ].join('\n');
}

export const kafka: Server = {
  name: 'kafka',
  startTimeoutMs: 90_000,

  async prepare(config) {
    const lib = await fetched(config.cacheDir, 'kafka');
    const java = findJava(17);
    return () => {
      const dataDir = join(config.dir, 'kafka-data');
      const propertiesFile = join(config.dir, 'kafka.properties');
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(propertiesFile, serverProperties(config, dataDir));
      const classpath = join(lib, '*');
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        // Kafka's own ids never start with '-' (its argument parser would take one for an option).
        let clusterId = randomBytes(16).toString('base64url');
        while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
        const format = spawnSync(
          java.bin,
          [
            '-cp',
            classpath,
            'kafka.tools.StorageTool',
            'format',
            `--cluster-id=${clusterId}`,
            '--config',
            propertiesFile,
          ],
          { encoding: 'utf8' },
        );
        if (format.status !== 0)
          throw new Error(`formatting Kafka storage failed:\n${format.stdout}${format.stderr}`);
      }
      return launch(config.dir, managed(config.dir, 'kafka'), {
        command: java.bin,
        jvmArgs: ['-Xms256m', '-Xmx1g', '-XX:+UseG1GC', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn'],
        args: ['-cp', classpath, 'kafka.Kafka', propertiesFile],
        cwd: config.dir,
      });
    };
  },

  async probe(config) {
    const client = new Kafka({
      brokers: [`${config.host}:${config.kafkaPort}`],
      clientId: 'stack-probe',
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    });
    const admin = client.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return cluster.brokers.length > 0 && cluster.controller !== null;
    } finally {
      await admin.disconnect();
    }
  },
};
