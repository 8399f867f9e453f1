#!/bin/bash
# Creates the environment's log topic if it does not exist yet, with the replication the environment
# requires, then prints it. Idempotent: every sync runs it again.
set -euo pipefail

: "${KAFKA_BROKERS:?KAFKA_BROKERS is not set}"
: "${KAFKA_TOPIC:?KAFKA_TOPIC is not set (ConfigMap platform-environment)}"
: "${KAFKA_TOPIC_PARTITIONS:?KAFKA_TOPIC_PARTITIONS is not set}"
: "${KAFKA_TOPIC_REPLICATION_FACTOR:?KAFKA_TOPIC_REPLICATION_FACTOR is not set}"
: "${KAFKA_TOPIC_MIN_INSYNC_REPLICAS:?KAFKA_TOPIC_MIN_INSYNC_REPLICAS is not set}"

kafka-topics --bootstrap-server "$KAFKA_BROKERS" --create --if-not-exists \
  --topic "$KAFKA_TOPIC" \
  --partitions "$KAFKA_TOPIC_PARTITIONS" \
  --replication-factor "$KAFKA_TOPIC_REPLICATION_FACTOR" \
  --config "min.insync.replicas=$KAFKA_TOPIC_MIN_INSYNC_REPLICAS"

kafka-topics --bootstrap-server "$KAFKA_BROKERS" --describe --topic "$KAFKA_TOPIC"
