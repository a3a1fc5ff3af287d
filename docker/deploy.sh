#!/bin/sh
# PUTs every config in /configs to the Connect REST API (idempotent), after Connect answers.
set -e
until curl -fs http://connect:8083/connector-plugins >/dev/null; do sleep 2; done
for file in /configs/*.json; do
  name=$(sed -n 's/.*"name": *"\([^"]*\)".*/\1/p' "$file" | head -1)
  config=$(sed -n '/"config"/,$p' "$file" | sed '1s/.*"config": *//' | sed '$d')
  echo "deploying $name from $file"
  printf '%s' "$config" | curl -fsS -X PUT -H 'Content-Type: application/json' --data @- "http://connect:8083/connectors/$name/config"
  echo
done
