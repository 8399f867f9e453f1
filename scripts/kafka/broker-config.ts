// The broker configuration the manifests give Kafka, as a real broker sees it. The Confluent image
// turns every KAFKA_* variable (but a few that configure the JVM) into a server.properties line:
// KAFKA_LOG_RETENTION_HOURS -> log.retention.hours ('_' -> '.', '__' -> '-', '___' -> '_').
// A misspelt variable becomes a property Kafka silently ignores (it logs no warning for unknown
// broker settings), so names are checked against the settings a running broker reports.
import kafkajs from 'kafkajs';
import { nearest } from '../lib/did-you-mean.ts';

const { ConfigResourceTypes, Kafka, logLevel } = kafkajs;

/** KAFKA_* variables the image reads for itself, not for server.properties. */
export const CONFLUENT_NON_BROKER_VARIABLES: ReadonlySet<string> = new Set([
  'KAFKA_VERSION',
  'KAFKA_HEAP_OPTS',
  'KAFKA_LOG4J_OPTS',
  'KAFKA_OPTS',
  'KAFKA_JMX_OPTS',
  'KAFKA_JVM_PERFORMANCE_OPTS',
  'KAFKA_GC_LOG_OPTS',
  'KAFKA_LOG4J_ROOT_LOGLEVEL',
  'KAFKA_LOG4J_LOGGERS',
  'KAFKA_TOOLS_LOG4J_LOGLEVEL',
  'KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET',
  // The image's own TLS convention: file names under /etc/kafka/secrets and files holding the passwords,
  // which its configure script turns into ssl.keystore.location/password and friends.
  'KAFKA_SSL_KEYSTORE_FILENAME',
  'KAFKA_SSL_KEYSTORE_CREDENTIALS',
  'KAFKA_SSL_KEY_CREDENTIALS',
  'KAFKA_SSL_TRUSTSTORE_FILENAME',
  'KAFKA_SSL_TRUSTSTORE_CREDENTIALS',
]);

export interface BrokerSetting {
  variable: string;
  property: string;
  value: string;
}

/** The server.properties entries the Confluent image writes for these variables. */
export function confluentBrokerSettings(env: Readonly<Record<string, string>>): BrokerSetting[] {
  return Object.entries(env)
    .filter(([name]) => name.startsWith('KAFKA_') && !CONFLUENT_NON_BROKER_VARIABLES.has(name))
    .map(([variable, value]) => {
      const property = variable
        .slice('KAFKA_'.length)
        .toLowerCase()
        .replace(/___/g, '\u0000')
        .replace(/__/g, '-')
        .replace(/_/g, '.')
        .replace(/\u0000/g, '_');
      return { variable, property, value };
    });
}

/** Every setting name a running broker knows (DescribeConfigs of the broker itself). */
export async function brokerSettingNames(bootstrap: string, brokerId: number): Promise<Map<string, string | null>> {
  const admin = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: String(brokerId) }] });
    return new Map((resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue ?? null]));
  } finally {
    await admin.disconnect();
  }
}

export interface UnknownSetting extends BrokerSetting {
  suggestion: string | null;
}

/**
 * Settings of the AclAuthorizer (kafka.security.authorizer.AclAuthorizer reads them from server.properties),
 * which a broker's DescribeConfigs does not list: they are not KafkaConfig's own.
 */
export const AUTHORIZER_SETTINGS: ReadonlySet<string> = new Set(['super.users', 'allow.everyone.if.no.acl.found']);

/** The settings no broker knows, each with the nearest known name when one is plausibly meant. */
export function unknownBrokerSettings(settings: readonly BrokerSetting[], known: ReadonlyMap<string, unknown> | ReadonlySet<string>): UnknownSetting[] {
  const names = [...known.keys(), ...AUTHORIZER_SETTINGS];
  return settings.filter((s) => !known.has(s.property) && !AUTHORIZER_SETTINGS.has(s.property)).map((s) => ({ ...s, suggestion: nearest(s.property, names) }));
}

export function describeUnknown(u: UnknownSetting): string {
  const hint = u.suggestion ? `; did you mean ${u.suggestion} (${toVariable(u.suggestion)})?` : '; see https://kafka.apache.org/documentation/#brokerconfigs';
  return `${u.variable} becomes '${u.property}', which is not a Kafka broker setting${hint}`;
}

/** The variable the Confluent image reads for `property`. */
export function toVariable(property: string): string {
  return `KAFKA_${property.replace(/_/g, '___').replace(/-/g, '__').replace(/\./g, '_').toUpperCase()}`;
}

/**
 * Settings of transport security (listeners and their protocols, SASL, TLS, ZooKeeper ACLs): they need
 * the pod's certificates, JAAS file and credentials, which prod-security.ts provides on loopback.
 */
export const TRANSPORT_SETTING = /^(listeners|advertised\.listeners|inter\.broker\.listener\.name|listener\.security\.protocol\.map|security\.inter\.broker\.protocol|sasl\.|ssl\.|listener\.name\.|zookeeper\.set\.acl|zookeeper\.ssl|authorizer\.|super\.users|allow\.everyone)/;
