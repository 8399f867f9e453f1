#!/bin/sh
# Installs this environment's ILM policy and index template (files of ConfigMap elasticsearch-index-setup),
# bootstraps <index>-000001 as the write index of the rollover alias <index> that Logstash writes to, and,
# when KIBANA_SYSTEM_PASSWORD is set (prod), sets the kibana_system user's password. Safe to run on every sync.
set -eu

: "${PLATFORM_ENV:?PLATFORM_ENV is not set (ConfigMap platform-environment)}"
: "${ES_INDEX:?ES_INDEX is not set (ConfigMap platform-environment)}"
ES_URL="${ES_URL:-http://elasticsearch:9200}"
SETUP_DIR="${SETUP_DIR:-/opt/index-setup}"
NAME="logs-${PLATFORM_ENV}"

# curl reads the credentials from stdin (-K -), so they never appear in a process listing.
es() {
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

if [ -n "${KIBANA_SYSTEM_PASSWORD:-}" ]; then
  # The body goes through a file on a memory volume, so the password stays out of argv; JSON-escaped.
  escaped="$(printf '%s' "$KIBANA_SYSTEM_PASSWORD" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  umask 077
  printf '{"password":"%s"}' "$escaped" >/tmp/kibana-password.json
  expect_ok "kibana_system password" -X POST "$ES_URL/_security/user/kibana_system/_password" \
    --data-binary @/tmp/kibana-password.json
  rm -f /tmp/kibana-password.json
fi
