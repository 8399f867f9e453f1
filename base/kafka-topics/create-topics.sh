#!/bin/bash
# Creates the environment's log topic if it does not exist yet, with the replication the environment
# requires, then prints it. Idempotent: every sync runs it again.
set -euo pipefail

: "${KAFKA_BROKERS:?KAFKA_BROKERS is not set}"
: "${KAFKA_TOPIC:?KAFKA_TOPIC is not set (ConfigMap platform-environment)}"
: "${KAFKA_TOPIC_PARTITIONS:?KAFKA_TOPIC_PARTITIONS is not set}"
: "${KAFKA_TOPIC_REPLICATION_FACTOR:?KAFKA_TOPIC_REPLICATION_FACTOR is not set}"
: "${KAFKA_TOPIC_MIN_INSYNC_REPLICAS:?KAFKA_TOPIC_MIN_INSYNC_REPLICAS is not set}"

# prod: SASL/SCRAM over TLS as user kafka-topics; the client config (with the password) lives on the
# memory-backed /tmp only for this run.
client=()
if [ -n "${KAFKA_SASL_PASSWORD:-}" ]; then
  : "${KAFKA_TLS_CA:?KAFKA_TLS_CA is not set (the CA certificate of the brokers)}"
  umask 077
  {
    echo 'security.protocol=SASL_SSL'
    echo 'sasl.mechanism=SCRAM-SHA-512'
    printf 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\n' \
      "${KAFKA_SASL_USERNAME:-kafka-topics}" "$KAFKA_SASL_PASSWORD"
    echo 'ssl.truststore.type=PEM'
    echo "ssl.truststore.location=$KAFKA_TLS_CA"
  } >/tmp/client.properties
  client=(--command-config /tmp/client.properties)
fi

kafka-topics --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --create --if-not-exists \
  --topic "$KAFKA_TOPIC" \
  --partitions "$KAFKA_TOPIC_PARTITIONS" \
  --replication-factor "$KAFKA_TOPIC_REPLICATION_FACTOR" \
  --config "min.insync.replicas=$KAFKA_TOPIC_MIN_INSYNC_REPLICAS"

kafka-topics --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --describe --topic "$KAFKA_TOPIC"
