#!/bin/bash
# Readiness: this node is up and holds a cluster state (local=true: no round trip to the master).
# With security on (prod) it authenticates as the elastic user; the password never appears in argv.
set -eu
url='http://127.0.0.1:9200/_cluster/health?local=true&timeout=2s'
if [ -n "${ELASTIC_PASSWORD:-}" ]; then
  printf 'user = "elastic:%s"\n' "$ELASTIC_PASSWORD" | curl -fsS -o /dev/null --max-time 4 -K - "$url"
else
  curl -fsS -o /dev/null --max-time 4 "$url"
fi
