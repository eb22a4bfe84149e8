#!/usr/bin/env bash
# What the test suite needs beyond Python: Debian's Chromium and CJK fonts (browser tests) and a
# running Redis (the two-process test). Installs and starts them when run as root; otherwise
# prints the one command to run and fails.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# grep reads to the end (no -q): under pipefail an early exit would fail fc-list with SIGPIPE.
(fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null) || need_apt+=(fonts-noto-cjk)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "The tests need: ${need_apt[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "== installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  start=(redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no)
  if [ "$(id -u)" != 0 ]; then
    echo "Redis is not running on 127.0.0.1:6379. Start it with:" >&2
    echo "  ${start[*]}" >&2
    exit 1
  fi
  echo "== starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  "${start[@]}" --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
