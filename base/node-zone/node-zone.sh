#!/bin/sh
# Writes the availability zone of the node this pod runs on (its topology.kubernetes.io/zone label) to
# /mnt/zone/zone, for Elasticsearch's node.attr.zone and Kafka's broker.rack. The downward API cannot read
# node labels, so this asks the API server with the pod's projected token, which only this init container
# mounts (ClusterRole platform-node-zone-reader: get nodes, nothing else).
set -eu
: "${NODE_NAME:?NODE_NAME is not set (downward API field spec.nodeName)}"
api=/var/run/secrets/kube-api
token="$(cat "$api/token")"
# The token goes to curl on stdin, never in argv.
node="$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
  curl -fsS --max-time 10 --retry 5 --retry-delay 2 --cacert "$api/ca.crt" -K - \
    "https://kubernetes.default.svc/api/v1/nodes/$NODE_NAME")"
zone="$(printf '%s' "$node" | grep -o '"topology.kubernetes.io/zone": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')"
if [ -z "$zone" ]; then
  echo "node $NODE_NAME has no topology.kubernetes.io/zone label; zone-aware placement cannot work" >&2
  exit 1
fi
printf '%s' "$zone" >/mnt/zone/zone
echo "node $NODE_NAME is in zone $zone"
