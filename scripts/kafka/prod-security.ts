// The prod overlay's Kafka transport security, on loopback: everything is taken from the render of
// overlays/prod, nothing copied by hand.
// - ZooKeeper: its container's start script writes its JAAS file (digest user kafka); its KAFKA_OPTS
//   (SASL provider, every session must authenticate) become the ZooKeeper JVM's options.
// - SCRAM users: the brokers' `scram-users` init container's script runs against that ZooKeeper with
//   Kafka's own kafka-configs, reading the passwords from Secret kafka-sasl-users as a mounted volume.
// - Brokers: the kafka container's script writes its JAAS file and exports the advertised listener;
//   its KAFKA_* variables become server.properties as the Confluent image makes them, the listener's
//   host and port becoming loopback's, and the image's keystore convention (KAFKA_SSL_KEYSTORE_FILENAME
//   and the credentials files under /etc/kafka/secrets) turned into ssl.keystore.* as the image does.
// - Secrets: every key the render reads gets a fresh random value; kafka-tls is made with openssl as
//   clusters/README.md says (tls-material.ts). All of it in one private temporary directory.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SASLMechanism } from 'kafkajs';
import { confluentBrokerSettings, TRANSPORT_SETTING } from './broker-config.ts';
import type { KafkaCluster, KafkajsAuth, TransportSecurity } from './cluster.ts';
import {
  containerEnv,
  containerScript,
  environmentAtImageStart,
  materializeMounts,
  podContainer,
  PodRenderError,
  renderKustomization,
  rewritePodText,
  runPodScript,
  secretKeysReferenced,
  type RenderedObject,
  type SecretValues,
} from './pod-render.ts';
import { makeKafkaTls } from './tls-material.ts';

/** The Secret holding one SCRAM password per Kafka user (key = user name). */
export const SASL_USERS_SECRET = 'kafka-sasl-users';
/** The user the brokers log in as; the harness's own probe uses it too. */
export const BROKER_USER = 'kafka-broker';

export interface ProdKafkaSecurity extends TransportSecurity {
  /** The render the settings came from. */
  objects: RenderedObject[];
  /** The Secrets' values the harness made (what an operator creates out of band in prod). */
  secrets: SecretValues;
  /** Listener protocol of the render (SASL_SSL). */
  protocol: string;
  /** SASL mechanism of the render, as Kafka spells it (SCRAM-SHA-512). */
  mechanism: string;
  /** The CA certificate clients verify the brokers with. */
  caFile: string;
  /** Each Kafka user's password (Secret kafka-sasl-users). */
  passwords: Record<string, string>;
  /** A kcat/librdkafka properties file (for -F) logging in as `user`, or with `password` instead of the user's own. */
  kcatConfig(user: string, password?: string): Promise<string>;
  /** What kafkajs needs to log in as `user`. */
  kafkajsAuth(user: string): KafkajsAuth;
  /**
   * A client container of the render as it would run here: its environment with Secrets and ConfigMaps
   * resolved, its volumes as directories, pod paths and the Services' `addresses` rewritten to them.
   */
  clientContainer(kind: string, workload: string, container: string, addresses: Readonly<Record<string, string>>): Promise<ClientContainer>;
  dir: string;
}

export interface ClientContainer {
  env: Record<string, string>;
  mounts: ReadonlyMap<string, string>;
  /** Pod text (a script, a path) rewritten like the environment. */
  rewrite(text: string): string;
}

const password = (): string => randomBytes(18).toString('hex');

/** One value per Secret key the render reads; kafka-tls from openssl. */
async function makeSecrets(objects: readonly RenderedObject[], dir: string): Promise<{ secrets: SecretValues; caFile: string }> {
  const tls = await makeKafkaTls(join(dir, 'tls'));
  const secrets: SecretValues = {};
  for (const [name, keys] of secretKeysReferenced(objects)) {
    secrets[name] = name === 'kafka-tls' ? { ...tls.secret } : Object.fromEntries([...keys].map((k) => [k, password()]));
  }
  if (!secrets[SASL_USERS_SECRET]?.[BROKER_USER]) throw new PodRenderError(`no workload of the render reads key ${BROKER_USER} of Secret ${SASL_USERS_SECRET}: is Kafka authentication off in this overlay?`);
  return { secrets, caFile: tls.caFile };
}

/** The JVM options of a KAFKA_OPTS value (whitespace-separated, as the image's scripts split it). */
const jvmOptions = (value: string | undefined): string[] => (value ?? '').split(/\s+/).filter((o) => o !== '');

/** The listener `PROTOCOL://host:port` with loopback's host and the broker's port. */
function loopbackListener(listener: string, port: number, what: string): string {
  const match = /^([A-Z_]+):\/\/[^:,]*:\d+$/.exec(listener);
  if (!match) throw new PodRenderError(`${what} is '${listener}': the harness runs one listener (NAME://host:port)`);
  return `${match[1]}://127.0.0.1:${port}`;
}

/** Reads a file the Confluent image reads for a password, trimming as `$(cat file)` does. */
async function credentialFile(dir: string, file: string | undefined, variable: string): Promise<string> {
  if (!file) throw new PodRenderError(`the kafka container sets KAFKA_SSL_KEYSTORE_FILENAME but not ${variable}`);
  return (await readFile(join(dir, file), 'utf8')).replace(/\n+$/, '');
}

/** Sets up the prod overlay's Kafka transport security for a loopback cluster (repository root `repo`). */
export async function prodKafkaSecurity(repo: string, overlay = 'overlays/prod'): Promise<ProdKafkaSecurity> {
  const objects = await renderKustomization(overlay, repo);
  const dir = await mkdtemp(join(tmpdir(), 'kafka-security-'));
  await chmod(dir, 0o700);
  try {
    const { secrets, caFile } = await makeSecrets(objects, dir);
    const fields = { 'metadata.namespace': 'platform-prod', 'spec.nodeName': 'localhost' };

    // ZooKeeper: its JAAS file and SASL options, from its own start script.
    const zk = podContainer(objects, 'StatefulSet', 'zookeeper', 'zookeeper');
    const zkMounts = await materializeMounts(objects, zk, join(dir, 'zookeeper-0'), secrets);
    const zkEnvIn = Object.fromEntries(Object.entries(containerEnv(objects, zk, secrets, fields)).map(([k, v]) => [k, rewritePodText(v, zkMounts)]));
    const zkEnv = await environmentAtImageStart(rewritePodText(containerScript(zk), zkMounts), { ...zkEnvIn, HOSTNAME: 'zookeeper-0' }, 'zookeeper/zookeeper');
    // The harness's zoo.cfg runs its own admin server and commands (off, on loopback); the rest is the render's.
    const zookeeperJvmOptions = jvmOptions(zkEnv.KAFKA_OPTS).filter((o) => !/^-Dzookeeper\.(admin\.|4lw\.)/.test(o));

    // The brokers: one pod's start script gives the JAAS file (shared: every broker logs in alike) and the
    // environment the image turns into server.properties.
    const broker = podContainer(objects, 'StatefulSet', 'kafka', 'kafka');
    const brokerMounts = await materializeMounts(objects, broker, join(dir, 'kafka-0'), secrets);
    const zoneDir = brokerMounts.get('/mnt/zone');
    // The zone init container asks the Kubernetes API; on loopback every broker is in one zone.
    if (zoneDir) await writeFile(join(zoneDir, 'zone'), 'loopback\n');
    const brokerEnvIn = Object.fromEntries(Object.entries(containerEnv(objects, broker, secrets, fields)).map(([k, v]) => [k, rewritePodText(v, brokerMounts)]));
    const brokerEnv = await environmentAtImageStart(rewritePodText(containerScript(broker), brokerMounts), { ...brokerEnvIn, HOSTNAME: 'kafka-0' }, 'kafka/kafka');
    const settings = Object.fromEntries(confluentBrokerSettings(brokerEnv).filter((s) => TRANSPORT_SETTING.test(s.property)).map((s) => [s.property, s.value]));
    const listener = settings.listeners;
    const advertised = settings['advertised.listeners'];
    if (!listener || !advertised) throw new PodRenderError('the kafka container sets no KAFKA_LISTENERS / KAFKA_ADVERTISED_LISTENERS');
    const protocol = /^([A-Z_]+):/.exec(listener)![1]!;
    // The image's keystore convention (its configure script does this when a listener is *SSL).
    if (brokerEnv.KAFKA_SSL_KEYSTORE_FILENAME) {
      const secretsDir = rewritePodText('/etc/kafka/secrets', brokerMounts);
      settings['ssl.keystore.location'] = join(secretsDir, brokerEnv.KAFKA_SSL_KEYSTORE_FILENAME);
      settings['ssl.keystore.password'] = await credentialFile(secretsDir, brokerEnv.KAFKA_SSL_KEYSTORE_CREDENTIALS, 'KAFKA_SSL_KEYSTORE_CREDENTIALS');
      settings['ssl.key.password'] = await credentialFile(secretsDir, brokerEnv.KAFKA_SSL_KEY_CREDENTIALS, 'KAFKA_SSL_KEY_CREDENTIALS');
    }
    const mechanism = settings['sasl.enabled.mechanisms'] ?? settings['sasl.mechanism.inter.broker.protocol'] ?? '';
    if (!/^SCRAM-SHA-(256|512)$/.test(mechanism)) throw new PodRenderError(`the brokers' SASL mechanism is '${mechanism}'; the harness speaks SCRAM-SHA-256/512 only`);
    const passwords = Object.fromEntries(Object.entries(secrets[SASL_USERS_SECRET] ?? {}).map(([k, v]) => [k, v.toString()]));
    const caPem = secrets['kafka-tls']?.['ca.crt']?.toString() ?? '';

    const kafkajsAuth = (user: string): KafkajsAuth => {
      const pass = passwords[user];
      if (pass === undefined) throw new PodRenderError(`no Kafka user ${user} in Secret ${SASL_USERS_SECRET} (users: ${Object.keys(passwords).join(', ')})`);
      return { ssl: { ca: [caPem] }, sasl: { mechanism: mechanism.toLowerCase() as SASLMechanism, username: user, password: pass } as KafkajsAuth['sasl'] };
    };
    let configs = 0;

    return {
      objects,
      secrets,
      protocol,
      mechanism,
      caFile,
      passwords,
      dir,
      zookeeperJvmOptions,
      brokerJvmOptions: jvmOptions(brokerEnv.KAFKA_OPTS),
      brokerProperties: ({ port }) => ({
        ...settings,
        listeners: loopbackListener(listener, port, 'KAFKA_LISTENERS'),
        'advertised.listeners': loopbackListener(advertised, port, 'KAFKA_ADVERTISED_LISTENERS'),
      }),
      adminAuth: kafkajsAuth(BROKER_USER),
      kafkajsAuth,
      async clientContainer(kind, workload, container, addresses) {
        const pc = podContainer(objects, kind, workload, container);
        const mounts = await materializeMounts(objects, pc, join(dir, `${workload}-${container}`), secrets);
        const rewrite = (text: string): string => rewritePodText(text, mounts, addresses);
        const env = Object.fromEntries(Object.entries(containerEnv(objects, pc, secrets, fields)).map(([k, v]) => [k, rewrite(v)]));
        return { env, mounts, rewrite };
      },
      async kcatConfig(user, pass) {
        const file = join(dir, `kcat-${++configs}.properties`);
        const lines = [`security.protocol=${protocol}`, `sasl.mechanisms=${mechanism}`, `sasl.username=${user}`, `sasl.password=${pass ?? passwords[user] ?? ''}`, `ssl.ca.location=${caFile}`];
        await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
        return file;
      },
      async beforeBrokers(cluster: KafkaCluster) {
        await createScramUsers(objects, secrets, fields, cluster, join(dir, 'kafka-0'));
      },
      async cleanup(keep) {
        if (keep) process.stderr.write(`kafka security: keys, passwords and JAAS files kept in ${dir}\n`);
        else await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Runs the brokers' scram-users init container's script against the harness's ZooKeeper. */
async function createScramUsers(objects: RenderedObject[], secrets: SecretValues, fields: Record<string, string>, cluster: KafkaCluster, podDir: string): Promise<void> {
  const step = podContainer(objects, 'StatefulSet', 'kafka', 'scram-users');
  const mounts = await materializeMounts(objects, step, podDir, secrets);
  const env = Object.fromEntries(Object.entries(containerEnv(objects, step, secrets, fields)).map(([k, v]) => [k, rewritePodText(v, mounts)]));
  const bin = await cluster.writeCliWrappers();
  // In the pod, ZooKeeper is the Service zookeeper:2181.
  const script = rewritePodText(containerScript(step), mounts, { 'zookeeper:2181': cluster.zookeeperConnect });
  const run = await runPodScript(script, { ...env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` }, 180_000);
  if (run.code !== 0) throw new PodRenderError(`the scram-users step failed on the harness's ZooKeeper (exit ${run.code}):\n${run.output.trim().split('\n').slice(-30).join('\n')}`);
}
