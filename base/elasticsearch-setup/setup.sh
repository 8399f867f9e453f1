#!/bin/sh
# Installs this environment's ILM policy and index template (files of ConfigMap elasticsearch-index-setup),
# bootstraps <index>-000001 as the write index of the rollover alias <index> that Logstash writes to, and, in
# prod (where the passwords are set): the kibana_system password, the role and user logstash_writer (may only
# write this environment's log indices) and the role and user platform_monitoring (read-only cluster and index
# statistics, for the exporter). Safe to run on every sync.
set -eu

: "${PLATFORM_ENV:?PLATFORM_ENV is not set (ConfigMap platform-environment)}"
: "${ES_INDEX:?ES_INDEX is not set (ConfigMap platform-environment)}"
ES_URL="${ES_URL:-http://elasticsearch:9200}"
SETUP_DIR="${SETUP_DIR:-/opt/index-setup}"
NAME="logs-${PLATFORM_ENV}"

# curl reads the credentials from stdin (-K -), so they never appear in a process listing. Over HTTPS (prod)
# it verifies Elasticsearch's certificate against ES_CA.
es() {
  if [ -n "${ES_CA:-}" ]; then
    set -- --cacert "$ES_CA" "$@"
  fi
  if [ -n "${ES_PASSWORD:-}" ]; then
    printf 'user = "%s:%s"\n' "${ES_USER:?ES_USER is not set}" "$ES_PASSWORD" | curl -sS -K - "$@"
  else
    curl -sS "$@"
  fi
}

# Prints the HTTP status of a request and keeps the body in /tmp/response for error messages.
status() {
  es -o /tmp/response -w '%{http_code}' -H 'Content-Type: application/json' "$@"
}

expect_ok() {
  what=$1
  shift
  code="$(status "$@")"
  case "$code" in
    2??) echo "ok: $what" ;;
    *)
      echo "failed: $what (HTTP $code)" >&2
      cat /tmp/response >&2
      exit 1
      ;;
  esac
}

attempt=0
until [ "$(status "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=10s")" = 200 ]; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then
    echo "Elasticsearch at $ES_URL did not reach yellow health; last response:" >&2
    cat /tmp/response >&2
    exit 1
  fi
  sleep 5
done

expect_ok "ILM policy $NAME" -X PUT "$ES_URL/_ilm/policy/$NAME" --data-binary "@$SETUP_DIR/ilm-policy.json"
expect_ok "index template $NAME" -X PUT "$ES_URL/_index_template/$NAME" --data-binary "@$SETUP_DIR/index-template.json"

code="$(status -I "$ES_URL/_alias/$ES_INDEX")"
case "$code" in
  200) echo "ok: alias $ES_INDEX exists" ;;
  404)
    if [ "$(status -I "$ES_URL/$ES_INDEX")" = 200 ]; then
      echo "failed: $ES_INDEX is a concrete index, not a rollover alias; reindex it, delete it, and sync again" >&2
      exit 1
    fi
    expect_ok "write index $ES_INDEX-000001" -X PUT "$ES_URL/$ES_INDEX-000001" \
      --data-binary "{\"aliases\":{\"$ES_INDEX\":{\"is_write_index\":true}}}"
    ;;
  *)
    echo "failed: looking up alias $ES_INDEX (HTTP $code)" >&2
    exit 1
    ;;
esac

# JSON string contents of $1. Bodies holding passwords go through files on a memory volume, never argv.
json_escape() {
  printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'
}
umask 077

if [ -n "${KIBANA_SYSTEM_PASSWORD:-}" ]; then
  printf '{"password":"%s"}' "$(json_escape "$KIBANA_SYSTEM_PASSWORD")" >/tmp/kibana-password.json
  expect_ok "kibana_system password" -X POST "$ES_URL/_security/user/kibana_system/_password" \
    --data-binary @/tmp/kibana-password.json
  rm -f /tmp/kibana-password.json
fi

if [ -n "${LOGSTASH_WRITER_PASSWORD:-}" ]; then
  # Writes documents into this environment's log indices through the rollover alias, nothing else: no
  # template, ILM, delete or cluster administration (monitor: Logstash reads the cluster's version and license).
  printf '{"cluster":["monitor"],"indices":[{"names":["%s","%s-*"],"privileges":["create_doc","index","view_index_metadata"]}]}' \
    "$ES_INDEX" "$ES_INDEX" >/tmp/role.json
  expect_ok "role logstash_writer" -X PUT "$ES_URL/_security/role/logstash_writer" --data-binary @/tmp/role.json
  printf '{"password":"%s","roles":["logstash_writer"],"full_name":"Logstash of the platform"}' \
    "$(json_escape "$LOGSTASH_WRITER_PASSWORD")" >/tmp/user.json
  expect_ok "user logstash_writer" -X PUT "$ES_URL/_security/user/logstash_writer" --data-binary @/tmp/user.json
  rm -f /tmp/user.json
fi

if [ -n "${MONITORING_PASSWORD:-}" ]; then
  # What the Elasticsearch exporter reads (--es.all, --es.indices, --es.shards): statistics, no documents.
  printf '{"cluster":["monitor"],"indices":[{"names":["*"],"privileges":["monitor"]}]}' >/tmp/role.json
  expect_ok "role platform_monitoring" -X PUT "$ES_URL/_security/role/platform_monitoring" --data-binary @/tmp/role.json
  printf '{"password":"%s","roles":["platform_monitoring"],"full_name":"Elasticsearch exporter of the platform"}' \
    "$(json_escape "$MONITORING_PASSWORD")" >/tmp/user.json
  expect_ok "user platform_monitoring" -X PUT "$ES_URL/_security/user/platform_monitoring" --data-binary @/tmp/user.json
  rm -f /tmp/user.json
fi
