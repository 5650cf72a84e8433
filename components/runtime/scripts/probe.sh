#!/usr/bin/env bash
# Myriad probe.sh: probe.sh startup|liveness|readiness
# Exit 0 when the check passes, 1 when it fails; on failure one line on stdout says why (Kubernetes shows it
# in the pod's events). Connects to 127.0.0.1:$MYRIAD_PORT as myriad_monitor (credentials from
# $MYRIAD_SECRETS_DIR/monitor.cnf). What each check means per version: docs/probes.md.

MYRIAD_SCRIPT=probe
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -u -o pipefail

MONITOR_CNF="${MYRIAD_SECRETS_DIR:-/etc/myriad/secrets}/monitor.cnf"

fail() {
    printf 'not ready: %s\n' "$*"
    exit 1
}

one_line() { tr '\n\t' '  ' | cut -c1-300; }

# startup and liveness: does mysqld answer? `ping` succeeds even when authentication fails, so a wrong
# password never restarts a healthy server.
check_alive() {
    local out
    if ! out=$("$MYRIAD_ADMIN" --defaults-extra-file="$MONITOR_CNF" --protocol=TCP --host=127.0.0.1 --port="$MYRIAD_PORT" \
        --connect-timeout="${MYRIAD_CONNECT_TIMEOUT:-5}" ping 2>&1); then
        printf 'mysqld does not answer on 127.0.0.1:%s: %s\n' "$MYRIAD_PORT" "$(printf '%s' "$out" | one_line)"
        exit 1
    fi
    exit 0
}

# query SQL [CLIENT ARGS...] : runs SQL as myriad_monitor; the output lands in QUERY_OUT (failing the probe
# when the query fails, in this shell rather than in a command substitution).
QUERY_OUT=""
query() {
    local err
    if ! QUERY_OUT=$(printf '%s\n' "$1" | myriad_local_tcp "$MONITOR_CNF" "${@:2}" 2>/dev/null); then
        # Run again for the error text only (stderr is kept out of QUERY_OUT: clients print warnings there).
        err=$(printf '%s\n' "$1" | myriad_local_tcp "$MONITOR_CNF" "${@:2}" 2>&1 >/dev/null)
        fail "cannot query mysqld on 127.0.0.1:$MYRIAD_PORT as myriad_monitor: $(printf '%s' "$err" | one_line)"
    fi
}

is_off() {
    case "$1" in 0 | OFF | off) return 0 ;; *) return 1 ;; esac
}

# Primary (async, semisync): it accepts writes.
check_primary() {
    local vars ro sro
    if [ "$MYRIAD_READ_ONLY_VAR" = super_read_only ]; then
        vars='@@GLOBAL.read_only, @@GLOBAL.super_read_only'
    else
        vars='@@GLOBAL.read_only, 0'
    fi
    query "SELECT $vars;"
    ro=$(printf '%s' "$QUERY_OUT" | cut -f1)
    sro=$(printf '%s' "$QUERY_OUT" | cut -f2)
    is_off "$ro" || fail "primary does not accept writes: read_only=$ro"
    is_off "$sro" || fail "primary does not accept writes: super_read_only=$sro"
    exit 0
}

# Replica (async, semisync): the planned source, GTID auto-positioning, both threads running, no error, lag
# within bounds.
check_replica() {
    local pairs io sql io_errno sql_errno host port lag auto
    query "$MYRIAD_SQL_SHOW_REPLICA_STATUS;" --column-names
    pairs=$(printf '%s\n' "$QUERY_OUT" | myriad_replica_status_pairs)
    [ -n "$pairs" ] || fail "replication is not configured ($MYRIAD_SQL_SHOW_REPLICA_STATUS is empty)"
    col() { printf '%s\n' "$pairs" | myriad_pair "$1"; }
    host=$(col "$MYRIAD_COL_SOURCE_HOST")
    port=$(col "$MYRIAD_COL_SOURCE_PORT")
    io=$(col "$MYRIAD_COL_IO_RUNNING")
    sql=$(col "$MYRIAD_COL_SQL_RUNNING")
    io_errno=$(col "$MYRIAD_COL_IO_ERRNO")
    sql_errno=$(col "$MYRIAD_COL_SQL_ERRNO")
    lag=$(col "$MYRIAD_COL_LAG")
    auto=$(col "$MYRIAD_COL_AUTO_POSITION")
    if [ "$host" != "$MYRIAD_SOURCE_HOST" ] || [ "$port" != "$MYRIAD_SOURCE_PORT" ]; then
        fail "replicating from $host:$port, but the planned source is $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT"
    fi
    # File/position replication (someone ran CHANGE MASTER by hand, or an adopted data directory) breaks
    # re-pointing and failover by GTID; init.sh restores GTID positioning at the next pod start.
    if ! myriad_gtid_positioned "$auto"; then
        fail "replication uses binary log file/position ($MYRIAD_COL_AUTO_POSITION=${auto:-absent}); Myriad requires GTID auto-positioning; init.sh re-asserts it when the pod restarts"
    fi
    # "Connecting" is not running: the IO thread has no session with the source (seed 000).
    [ "$io" = Yes ] || fail "$MYRIAD_COL_IO_RUNNING=$io (Last_IO_Errno=${io_errno:-?}: $(col "$MYRIAD_COL_IO_ERROR" | cut -c1-200))"
    [ "$sql" = Yes ] || fail "$MYRIAD_COL_SQL_RUNNING=$sql (Last_SQL_Errno=${sql_errno:-?}: $(col "$MYRIAD_COL_SQL_ERROR" | cut -c1-200))"
    [ "${io_errno:-0}" = 0 ] || fail "Last_IO_Errno=$io_errno: $(col "$MYRIAD_COL_IO_ERROR" | cut -c1-200)"
    [ "${sql_errno:-0}" = 0 ] || fail "Last_SQL_Errno=$sql_errno: $(col "$MYRIAD_COL_SQL_ERROR" | cut -c1-200)"
    case "$lag" in
        '' | NULL) fail "$MYRIAD_COL_LAG is NULL (lag unknown)" ;;
        *[!0-9]*) fail "$MYRIAD_COL_LAG is '$lag' (not a number)" ;;
    esac
    [ "$lag" -le "$MYRIAD_MAX_LAG_SECONDS" ] || fail "$MYRIAD_COL_LAG=$lag exceeds the maximum of $MYRIAD_MAX_LAG_SECONDS s"
    exit 0
}

# Group member: ONLINE in performance_schema.replication_group_members.
check_group() {
    local state
    query "SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@GLOBAL.server_uuid;"
    state=$QUERY_OUT
    [ "$state" = ONLINE ] || fail "group member state is ${state:-absent (Group Replication not started)}, expected ONLINE"
    exit 0
}

main() {
    myriad_require MYRIAD_PORT MYRIAD_ADMIN MYRIAD_CLIENT MYRIAD_SECRETS_DIR
    case "${1:-}" in
        startup | liveness) check_alive ;;
        readiness)
            myriad_require MYRIAD_MODE MYRIAD_ROLE
            if [ "$MYRIAD_MODE" = group ]; then
                check_group
            elif [ "$MYRIAD_ROLE" = primary ]; then
                myriad_require MYRIAD_READ_ONLY_VAR
                check_primary
            else
                myriad_require MYRIAD_SQL_SHOW_REPLICA_STATUS MYRIAD_COL_IO_RUNNING MYRIAD_COL_SQL_RUNNING MYRIAD_COL_LAG \
                    MYRIAD_COL_SOURCE_HOST MYRIAD_COL_SOURCE_PORT MYRIAD_COL_IO_ERRNO MYRIAD_COL_SQL_ERRNO \
                    MYRIAD_COL_IO_ERROR MYRIAD_COL_SQL_ERROR MYRIAD_COL_AUTO_POSITION MYRIAD_GTID MYRIAD_SOURCE_HOST \
                    MYRIAD_SOURCE_PORT MYRIAD_MAX_LAG_SECONDS
                check_replica
            fi
            ;;
        *)
            printf 'usage: probe.sh startup|liveness|readiness\n'
            exit 2
            ;;
    esac
}

main "$@"
