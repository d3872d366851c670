#!/usr/bin/env bash
# Runs every check and test Warden has: go mod tidy -diff (go.mod and
# go.sum must be tidy), gofmt, go vet, and go test -race.
# It installs what the tests need and is missing (redis-server, chromium
# and nginx from Debian's packages; nginx is the proxy of the
# multi-instance test, e2e/multi) when run as root; otherwise it says what
# to install. Usage: scripts/test.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing ${need[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    # The tests start their own servers on free ports: keep the packages'
    # system services (redis on 6379, nginx on 80) from starting at install.
    made_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      made_policy=1
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    if [ -n "$made_policy" ]; then
      rm -f /usr/sbin/policy-rc.d
    fi
  else
    echo "missing: ${need[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
fi

echo "==> go mod download"
go mod download

echo "==> go mod tidy -diff"
if ! tidy=$(go mod tidy -diff 2>&1); then
  echo "go.mod or go.sum is not tidy; run go mod tidy and commit the result:" >&2
  echo "$tidy" >&2
  exit 1
fi

echo "==> gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2
  echo "$unformatted" >&2
  exit 1
fi

echo "==> go vet"
go vet ./...

echo "==> go test -race"
go test -race -count=1 -timeout 20m "$@" ./...
