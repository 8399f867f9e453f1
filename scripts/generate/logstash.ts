// config/<env>/logstash.conf: Kafka topic → Elasticsearch index, keeping the producer's ECS fields as they are.
import { elasticsearchClientCaFile, elasticsearchUrlOf, kafkaBootstrap, kafkaClientCaFile, services, type Environment } from '../environments.ts';
import { hashHeader } from './header.ts';

const q = (s: string): string => JSON.stringify(s);

export function renderLogstash(env: Environment): string {
  const es = env.elasticsearch;
  const credentials = es.security
    ? [
        '    # The logstash_writer user (Secret logstash-elasticsearch-credentials), which may only write the',
        "    # environment's log indices; its password comes from the environment, never from this file.",
        '    user => "${ES_USER}"',
        '    password => "${ES_PASSWORD}"',
        '    # TLS to the HTTP layer, verifying the certificate and host name against the cluster CA.',
        '    ssl_enabled => true',
        '    ssl_verification_mode => "full"',
        `    ssl_certificate_authorities => [${q(elasticsearchClientCaFile)}]`,
      ]
    : [];
  const kafkaAuth = env.kafka.saslScram
    ? [
        "    # SASL/SCRAM over TLS as user logstash (Secret kafka-sasl-users), the brokers' certificate verified",
        '    # against their CA; the password comes from the environment, never from this file.',
        '    security_protocol => "SASL_SSL"',
        '    sasl_mechanism => "SCRAM-SHA-512"',
        `    sasl_jaas_config => "org.apache.kafka.common.security.scram.ScramLoginModule required username='logstash' password='\${KAFKA_PASSWORD}';"`,
        '    ssl_truststore_type => "PEM"',
        `    ssl_truststore_location => ${q(kafkaClientCaFile)}`,
      ]
    : [];
  return [
    hashHeader().trimEnd(),
    `# Environment ${env.name}: Kafka topic ${env.kafka.topic} -> Elasticsearch ${es.index}.`,
    'input {',
    '  kafka {',
    `    bootstrap_servers => ${q(kafkaBootstrap())}`,
    `    topics => [${q(env.kafka.topic)}]`,
    `    group_id => ${q(env.logstash.consumerGroup)}`,
    `    client_id => ${q(`logstash-${env.name}`)}`,
    '    # Each message is one JSON object with ECS field names; the codec keeps them as event fields',
    '    # and already turns a parseable `@timestamp` into the event time.',
    '    codec => json',
    '    # Kafka metadata would add fields the index mapping does not declare.',
    '    decorate_events => "none"',
    '    auto_offset_reset => "earliest"',
    '    # Commit offsets synchronously after all records of a poll are in the queue (persisted in the',
    '    # Kubernetes overlays): a committed offset never covers an event the queue does not hold.',
    '    enable_auto_commit => "false"',
    ...kafkaAuth,
    '  }',
    '  # Beats shippers (Filebeat, already ECS) may send here too: the port the platform publishes for Logstash.',
    '  beats {',
    `    port => ${services.logstash.beatsPort}`,
    '  }',
    '}',
    '',
    'filter {',
    '  # A `@timestamp` the codec could not parse is kept in `_@timestamp` and tagged; take the event time',
    '  # from it with the other formats the producer may use, so the event keeps its own time.',
    '  if "_timestampparsefailure" in [tags] {',
    '    date {',
    '      match => ["_@timestamp", "ISO8601", "UNIX_MS", "UNIX"]',
    '      target => "@timestamp"',
    '      remove_field => ["_@timestamp"]',
    '      remove_tag => ["_timestampparsefailure"]',
    '    }',
    '  }',
    '  # Logstash adds @version; it is not an ECS field and the index does not map it.',
    '  mutate {',
    '    remove_field => ["@version"]',
    '  }',
    '}',
    '',
    'output {',
    '  elasticsearch {',
    `    hosts => [${q(elasticsearchUrlOf(env))}]`,
    '    # A rollover alias whose write index the set-up one-shot bootstraps; the index template and ILM',
    '    # policy are installed by that one-shot too, so Logstash manages neither.',
    `    index => ${q(es.index)}`,
    '    data_stream => "false"',
    '    ilm_enabled => "false"',
    '    manage_template => false',
    ...credentials,
    '  }',
    '}',
    '',
  ].join('\n');
}
