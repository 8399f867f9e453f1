// The producer's settings: command-line flags override environment variables, which override
// defaults. Every problem is collected and reported together, each naming the flag or variable.
import { readFileSync } from 'node:fs';
import { parseDurationMs } from '../shared/duration.ts';
import { parseArgsWithNegatives } from '../shared/parse-args.ts';
import { SERVICES } from './records.ts';

export type Compression = 'none' | 'gzip';
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface TlsSettings {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface SaslSettings {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

export interface ProducerConfig {
  brokers: string[];
  topic: string;
  /** Messages per second; 0 means as fast as the brokers acknowledge. */
  rate: number;
  /** Stop after this many messages (null: no limit). */
  count: number | null;
  /** Stop after this long (null: no limit). */
  durationMs: number | null;
  batchSize: number;
  maxInFlight: number;
  workers: number;
  compression: Compression;
  clientId: string;
  retries: number;
  /** Deadline for reaching the brokers, and for each request. */
  timeoutMs: number;
  /** 0 disables the metrics server. */
  metricsPort: number;
  /** False when the port is the default: a busy default port then gives way to a free one. */
  metricsPortExplicit: boolean;
  metricsHost: string;
  /** Kafka's idempotent producer: no duplicates and no reordering from retries. */
  idempotence: boolean;
  tls: TlsSettings | null;
  sasl: SaslSettings | null;
  /** How often the plain (non-TTY) progress line is printed. */
  statusIntervalMs: number;
  /** Seed of the record generator (null: from the process id); the same seed, the same records. */
  seed: number | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export class HelpRequested extends Error {}

interface Setting {
  flag: string;
  env?: string;
  help: string;
  fallback?: string;
  boolean?: true;
}

/** The single table behind parsing, validation messages and --help. */
export const SETTINGS = {
  brokers: { flag: 'brokers', env: 'KAFKA_BROKERS', fallback: 'localhost:9092', help: 'comma-separated host:port list' },
  topic: { flag: 'topic', env: 'KAFKA_TOPIC', fallback: 'logs-topic', help: 'topic to write to' },
  rate: { flag: 'rate', env: 'PRODUCER_RATE', fallback: '100', help: 'messages per second; 0 = as fast as acknowledged' },
  count: { flag: 'count', env: 'PRODUCER_COUNT', help: 'stop after this many messages' },
  duration: { flag: 'duration', env: 'PRODUCER_DURATION', help: 'stop after this long: 30s, 5m, 1h, 250ms' },
  batchSize: { flag: 'batch-size', env: 'PRODUCER_BATCH_SIZE', fallback: '1000', help: 'messages per batch (per worker); sent as one request per partition, more above 1,000,000 bytes' },
  maxInFlight: { flag: 'max-in-flight', env: 'PRODUCER_MAX_IN_FLIGHT', fallback: '1', help: 'batches awaiting acknowledgement, per worker; above 1 needs --idempotence false' },
  idempotence: { flag: 'idempotence', env: 'PRODUCER_IDEMPOTENCE', fallback: 'true', help: 'true: no duplicates or reordering from retries (needs brokers that serve InitProducerId); false: at-least-once' },
  workers: { flag: 'workers', env: 'PRODUCER_WORKERS', fallback: '1', help: 'sender threads, each with its own connections and its own share of services' },
  compression: { flag: 'compression', env: 'PRODUCER_COMPRESSION', fallback: 'none', help: 'none or gzip' },
  clientId: { flag: 'client-id', env: 'KAFKA_CLIENT_ID', fallback: 'log-producer', help: 'Kafka client.id' },
  retries: { flag: 'retries', env: 'PRODUCER_RETRIES', fallback: '20', help: 'retries per batch, backoff doubling from 100 ms to at most 5 s (20: about 75 s, long enough for a broker to fail over)' },
  timeout: { flag: 'timeout', env: 'PRODUCER_TIMEOUT', fallback: '10s', help: 'deadline to reach the brokers and for each request' },
  metricsPort: { flag: 'metrics-port', env: 'METRICS_PORT', fallback: '9464', help: 'port of /metrics; 0 = no metrics server; a busy default port gives way to a free one' },
  metricsHost: { flag: 'metrics-host', env: 'METRICS_HOST', help: 'address the metrics server binds (default 0.0.0.0 when NODE_ENV=production, as in the image, else 127.0.0.1)' },
  seed: { flag: 'seed', env: 'PRODUCER_SEED', help: 'seed of the record generator (default: from the process id); the same seed gives the same records' },
  statusInterval: { flag: 'status-interval', env: 'PRODUCER_STATUS_INTERVAL', fallback: '10s', help: 'period of the progress line when stdout is not a terminal' },
  tls: { flag: 'tls', env: 'KAFKA_TLS', boolean: true, help: 'connect with TLS (system CAs unless --tls-ca)' },
  tlsCa: { flag: 'tls-ca', env: 'KAFKA_TLS_CA', help: 'PEM file of the CA that signed the brokers (implies --tls)' },
  tlsCert: { flag: 'tls-cert', env: 'KAFKA_TLS_CERT', help: 'PEM client certificate for mutual TLS (needs --tls-key)' },
  tlsKey: { flag: 'tls-key', env: 'KAFKA_TLS_KEY', help: 'PEM client key for mutual TLS (needs --tls-cert)' },
  saslMechanism: { flag: 'sasl-mechanism', env: 'KAFKA_SASL_MECHANISM', help: 'plain, scram-sha-256 or scram-sha-512; credentials from KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD' },
} as const satisfies Record<string, Setting>;

type SettingName = keyof typeof SETTINGS;

export function usage(): string {
  const rows = Object.values(SETTINGS).map((s: Setting) => {
    const flag = `--${s.flag}${s.boolean ? '' : ' VALUE'}`;
    const env = s.env ? `  [${s.env}]` : '';
    const def = s.fallback ? `  (default ${s.fallback})` : '';
    return `  ${flag.padEnd(26)}${s.help}${env}${def}`;
  });
  return [
    'Usage: npm run producer -- [options]',
    '',
    'Writes ECS-structured JSON log records to Kafka: continuously, or for --count / --duration.',
    'Exit status: 0 every message acknowledged, 1 some message not acknowledged, 2 bad settings or brokers unreachable.',
    '',
    ...rows,
    '  --help                    this text',
  ].join('\n');
}

type FileReader = (path: string) => string;

/** Reads the settings from argv (without node and script) and env. */
export function parseProducerConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  readFile: FileReader = (path) => readFileSync(path, 'utf8'),
): ProducerConfig {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const s of Object.values(SETTINGS) as Setting[]) options[s.flag] = { type: s.boolean ? 'boolean' : 'string' };

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgsWithNegatives({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError([`${(error as Error).message}; run with --help for the options`]);
  }
  if (values.help) throw new HelpRequested(usage());

  const problems: string[] = [];
  const source = (name: SettingName): string => {
    const s: Setting = SETTINGS[name];
    return values[s.flag] !== undefined ? `--${s.flag}` : (s.env ?? `--${s.flag}`);
  };
  const raw = (name: SettingName): string | undefined => {
    const s: Setting = SETTINGS[name];
    const fromFlag = values[s.flag];
    if (typeof fromFlag === 'string') return fromFlag;
    const fromEnv = s.env ? env[s.env] : undefined;
    if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
    return s.fallback;
  };
  const flagOn = (name: SettingName): boolean => {
    const s: Setting = SETTINGS[name];
    if (values[s.flag] === true) return true;
    const fromEnv = s.env ? env[s.env]?.trim().toLowerCase() : undefined;
    return fromEnv === 'true' || fromEnv === '1' || fromEnv === 'yes';
  };
  const integer = (name: SettingName, min: number, max: number, what: string): number | null => {
    const text = raw(name);
    if (text === undefined) return null;
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${source(name)}: '${text}' is not ${what}; give a whole number from ${min} to ${max}`);
      return null;
    }
    return value;
  };
  const duration = (name: SettingName, minMs: number): number | null => {
    const text = raw(name);
    if (text === undefined) return null;
    const ms = parseDurationMs(text);
    if (ms === null || ms < minMs) {
      problems.push(`${source(name)}: '${text}' is not a duration of at least ${minMs} ms; write e.g. 30s, 5m, 1h or 250ms`);
      return null;
    }
    return ms;
  };
  const file = (name: SettingName): string | undefined => {
    const path = raw(name);
    if (path === undefined) return undefined;
    try {
      return readFile(path);
    } catch (error) {
      problems.push(`${source(name)}: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of a PEM file`);
      return undefined;
    }
  };

  const brokers = (raw('brokers') ?? '').split(',').map((b) => b.trim()).filter((b) => b !== '');
  if (brokers.length === 0) problems.push(`${source('brokers')}: no brokers given; write host:port[,host:port...]`);
  for (const broker of brokers) {
    const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(broker);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      problems.push(`${source('brokers')}: '${broker}' is not host:port; write e.g. kafka:9092`);
    }
  }

  const topic = raw('topic') ?? '';
  // Kafka's own rule for topic names (Topic.validate in the Java client).
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic) || topic === '.' || topic === '..') {
    problems.push(`${source('topic')}: '${topic}' is not a valid topic name; use 1-249 of letters, digits, '.', '_' and '-'`);
  }

  const rate = integer('rate', 0, 10_000_000, 'a rate in messages per second');
  const count = integer('count', 1, Number.MAX_SAFE_INTEGER, 'a message count');
  const durationMs = duration('duration', 1);
  const batchSize = integer('batchSize', 1, 100_000, 'a batch size');
  const maxInFlight = integer('maxInFlight', 1, 1_000, 'a number of batches in flight');
  const workers = integer('workers', 1, SERVICES.length, 'a number of worker threads (each needs a service of its own)');
  const retries = integer('retries', 0, 100, 'a retry count');
  const timeoutMs = duration('timeout', 100);
  const metricsPort = integer('metricsPort', 0, 65535, 'a TCP port');
  const metricsPortExplicit = values[SETTINGS.metricsPort.flag] !== undefined || (env.METRICS_PORT ?? '').trim() !== '';
  const metricsHost = raw('metricsHost') ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  if (!/^[A-Za-z0-9.:_-]+$/.test(metricsHost)) {
    problems.push(`${source('metricsHost')}: '${metricsHost}' is not a host name or address; write e.g. 127.0.0.1 or 0.0.0.0`);
  }

  const idempotenceText = (raw('idempotence') ?? 'true').toLowerCase();
  const idempotence = idempotenceText === 'true';
  if (idempotenceText !== 'true' && idempotenceText !== 'false') {
    problems.push(`${source('idempotence')}: '${idempotenceText}' is not true or false`);
  }
  // kafkajs's idempotent producer hands out sequence numbers per request and takes them back when
  // a request fails; a second batch already waiting would then reuse them, and the broker could
  // take it for a duplicate of the first. One batch in flight per sender thread rules that out.
  if (idempotence && maxInFlight !== null && maxInFlight > 1) {
    problems.push(`${source('maxInFlight')}: ${maxInFlight} batches in flight need --idempotence false; the idempotent producer keeps one batch in flight per sender thread (one request per broker)`);
  }
  const statusIntervalMs = duration('statusInterval', 100);
  const seed = integer('seed', 0, 2 ** 31 - 1, 'a seed');

  if (rate !== null && workers !== null && rate > 0 && rate < workers) {
    problems.push(`${source('rate')}: ${rate} msg/s cannot be shared by ${workers} sender threads; set the rate to at least ${workers} or use fewer --workers`);
  }

  const compressionText = raw('compression') ?? 'none';
  // kafkajs ships only a gzip codec; snappy, lz4 and zstd need extra native codec packages.
  if (compressionText !== 'none' && compressionText !== 'gzip') {
    problems.push(`${source('compression')}: '${compressionText}' is not offered; use none or gzip (kafkajs has no built-in snappy, lz4 or zstd codec)`);
  }

  const clientId = raw('clientId') ?? '';
  if (!/^[A-Za-z0-9._-]+$/.test(clientId)) {
    problems.push(`${source('clientId')}: '${clientId}' is not a valid client id; use letters, digits, '.', '_' and '-'`);
  }

  const ca = file('tlsCa');
  const cert = file('tlsCert');
  const key = file('tlsKey');
  if ((raw('tlsCert') !== undefined) !== (raw('tlsKey') !== undefined)) {
    problems.push(`${raw('tlsCert') ? source('tlsCert') : source('tlsKey')}: mutual TLS needs both --tls-cert and --tls-key`);
  }
  const tlsWanted = flagOn('tls') || [ca, cert, key].some((v) => v !== undefined);
  const tls: TlsSettings | null = tlsWanted
    ? { ...(ca !== undefined && { ca }), ...(cert !== undefined && { cert }), ...(key !== undefined && { key }) }
    : null;

  let sasl: SaslSettings | null = null;
  const mechanism = raw('saslMechanism');
  if (mechanism !== undefined) {
    if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
      problems.push(`${source('saslMechanism')}: '${mechanism}' is not supported; use plain, scram-sha-256 or scram-sha-512`);
    } else {
      const username = env.KAFKA_SASL_USERNAME ?? '';
      const password = env.KAFKA_SASL_PASSWORD ?? '';
      if (username === '' || password === '') {
        problems.push(`${source('saslMechanism')}: SASL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD in the environment (never on the command line)`);
      }
      sasl = { mechanism, username, password };
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    brokers,
    topic,
    rate: rate!,
    count,
    durationMs,
    batchSize: batchSize!,
    maxInFlight: maxInFlight!,
    workers: workers!,
    compression: compressionText as Compression,
    clientId,
    retries: retries!,
    timeoutMs: timeoutMs!,
    metricsPort: metricsPort!,
    metricsPortExplicit,
    metricsHost,
    idempotence,
    tls,
    sasl,
    statusIntervalMs: statusIntervalMs!,
    seed,
  };
}
