#!/bin/sh
# The compose stack's one-shot deployer: once Connect answers, validates every config in /configs
# through PUT /connector-plugins/{class}/config/validate (printing the keys it rejects), then PUTs
# it to /connectors/{name}/config (idempotent: create or update). Same steps as `tidemark deploy`.
set -e
connect=http://connect:8083
until curl -fs "$connect/connector-plugins" >/dev/null; do sleep 2; done
status=0
for file in /configs/*.json; do
  name=$(sed -n 's/^  "name": *"\([^"]*\)".*/\1/p' "$file")
  class=$(sed -n 's/^ *"connector.class": *"\([^"]*\)".*/\1/p' "$file")
  # The file is {"name": ..., "config": {...}}: the config object is the lines after "config".
  config=$(sed -n '/^  "config"/,$p' "$file" | sed '1s/.*"config": *//' | sed '$d')
  answer=$(printf '%s' "$config" | curl -fsS -X PUT -H 'Content-Type: application/json' --data @- \
    "$connect/connector-plugins/$class/config/validate")
  if ! printf '%s' "$answer" | grep -q '"error_count":0'; then
    echo "$name ($file) is invalid, not deployed:"
    printf '%s' "$answer" | tr '{' '\n' | sed -n 's/.*"name":"\([^"]*\)".*"errors":\["\([^]]*\)"\].*/  \1: \2/p'
    status=1
    continue
  fi
  printf '%s' "$config" | curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/json' --data @- \
    "$connect/connectors/$name/config"
  echo "$name ($file): deployed"
done
exit $status
