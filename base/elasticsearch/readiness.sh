#!/bin/bash
# Readiness of one Elasticsearch node. The first time after the container starts it waits for a green
# cluster, so a rolling restart moves to the next node only once this node's shards have recovered;
# after that it only asks whether this node holds a cluster state (local=true: no round trip to the master).
# With security on (prod) it authenticates as the elastic user; the password never appears in argv.
set -eu
started=/tmp/.readiness-passed-once
if [ -f "$started" ]; then
  query='local=true&timeout=2s'
else
  query='wait_for_status=green&timeout=2s'
fi
# prod serves HTTPS with the certificates mounted under config/certs: verify it against the CA, by the
# Service name the certificate carries, on this node's own address.
ca=/usr/share/elasticsearch/config/certs/ca.crt
if [ -f "$ca" ]; then
  url="https://elasticsearch:9200/_cluster/health?$query"
  tls=(--cacert "$ca" --resolve elasticsearch:9200:127.0.0.1)
else
  url="http://127.0.0.1:9200/_cluster/health?$query"
  tls=()
fi
if [ -n "${ELASTIC_PASSWORD:-}" ]; then
  printf 'user = "elastic:%s"\n' "$ELASTIC_PASSWORD" | curl -fsS -o /dev/null --max-time 4 "${tls[@]}" -K - "$url"
else
  curl -fsS -o /dev/null --max-time 4 "${tls[@]}" "$url"
fi
touch "$started"
