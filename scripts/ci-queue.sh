#!/usr/bin/env bash
# CI's queue-mode layer (`npm run test:queue`): n8n main + two workers on PostgreSQL and Redis,
# and the README's install paths. Installs Debian's `postgresql` and `redis-server` when they are
# missing (the test starts and stops its own throwaway instances; nothing runs as a service).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null || missing+=(postgresql)
command -v redis-server > /dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing ${missing[*]}"
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	# policy-rc.d 101: the packages must not start their system services (the test starts its own).
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d > /dev/null
		$SUDO chmod +x /usr/sbin/policy-rc.d
		trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
started=$(date +%s)
npm run test:queue
echo "queue-mode layer: $(( $(date +%s) - started )) s"
