#!/usr/bin/env bash
# What the local stack and the tests need beyond Node, installed when the machine lacks it (run before
# `npm start` and `npm test`): a Java runtime for AWS's DynamoDB Local, and Debian's ActiveMQ, the broker
# the Fineract connector consumes from. Installing needs root and Debian's package archive; without
# them this says what to install and fails.
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
[ -f /usr/share/activemq/bin/activemq.jar ] || missing+=(activemq)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install: ${missing[*]} (Debian packages), then run this again." >&2
  exit 1
fi
echo "Installing ${missing[*]} (once)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's package may start a system broker on the default ports: the local stack runs its own.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now activemq >/dev/null 2>&1 || true; fi
service activemq stop >/dev/null 2>&1 || true
