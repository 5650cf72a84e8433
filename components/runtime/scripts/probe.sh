#!/usr/bin/env bash
# Myriad probe.sh: probe.sh startup|liveness|readiness
# Exit 0 when the check passes, 1 when it fails; on failure one line on stdout says why (Kubernetes shows it
# in the pod's events). Connects to $MYRIAD_LOCAL_ADDRESS:$MYRIAD_PORT (127.0.0.1 in a pod) as myriad_monitor (credentials from
# $MYRIAD_SECRETS_DIR/monitor.cnf). What each check means per version: docs/probes.md.

MYRIAD_SCRIPT=probe
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -u -o pipefail

# Shape: gather (ping, one query), decide (decide_liveness, decide_*_readiness: pure functions of the gathered
# facts and the MYRIAD_* configuration, tested table-driven in tests/runtime/decide-readiness.test.ts), act
# (exit 0, or print the reason and exit 1). Sourcing this file only defines its functions.

# ---------------------------------------------------------------------------------------------------------
# Decisions: each prints nothing when the check passes, else the reason (one line), and returns 1.
# ---------------------------------------------------------------------------------------------------------

# one_line TEXT : TEXT on one line, at most 300 characters.
one_line() {
    local s=${1//$'\n'/ }
    s=${s//$'\t'/ }
    printf '%s' "${s:0:300}"
}

is_off() {
    case "$1" in 0 | OFF | off) return 0 ;; *) return 1 ;; esac
}

# decide_liveness PING_STATUS PING_OUTPUT : startup and liveness, "does mysqld answer?". `ping` succeeds even
# when authentication fails, so a wrong password never restarts a healthy server.
decide_liveness() {
    [ "$1" = 0 ] && return 0
    printf 'mysqld does not answer on %s:%s: %s\n' "$MYRIAD_LOCAL_ADDRESS" "$MYRIAD_PORT" "$(one_line "$2")"
    return 1
}

# decide_primary_readiness READ_ONLY SUPER_READ_ONLY [HELD] : a primary (async, semisync) accepts writes. HELD is
# why post-start.sh kept it read-only (the held marker), when it did.
decide_primary_readiness() {
    local held=${3:-}
    if ! is_off "$1" || ! is_off "$2"; then
        if [ -n "$held" ]; then
            printf 'primary held read-only by post-start.sh: %s\n' "${held//$'\n'/ }"
        elif ! is_off "$1"; then
            printf 'primary does not accept writes: read_only=%s\n' "$1"
        else
            printf 'primary does not accept writes: super_read_only=%s\n' "$2"
        fi
        return 1
    fi
    return 0
}

# decide_group_readiness MEMBER_STATE : a group member is ONLINE.
decide_group_readiness() {
    [ "$1" = ONLINE ] && return 0
    printf 'group member state is %s, expected ONLINE\n' "${1:-absent (Group Replication not started)}"
    return 1
}

# mariadb_errant (the MariaDB comparison of GTID states) lives in lib.sh: post-start.sh and init.sh use it too.

# decide_replica_readiness FACT=VALUE... : a replica (async, semisync) replicates from the planned source,
# by GTID auto-positioning, both threads running, no error, lag within MYRIAD_MAX_LAG_SECONDS, and holds no
# transaction its source lacks (errant).
# Facts (SHOW REPLICA STATUS columns; absent ones empty): configured=0|1 host port io sql io_errno io_error
# sql_errno sql_error lag auto; read_only= super_read_only= (the server's values; a writable replica is not ready). GTID facts, read from this server first and from the source after: MySQL family
# errant= (GTID_SUBTRACT of this server's gtid_executed and the source's, computed by the source); MariaDB
# binlog_state= current_pos= source_binlog_state= source_current_pos= source_slave_pos=; source_error= when the source could not
# be asked (the comparison is then unknown, which alone does not make the replica not ready: the IO thread
# check covers a source that is gone). Configuration read: MYRIAD_SOURCE_HOST, MYRIAD_SOURCE_PORT,
# MYRIAD_MAX_LAG_SECONDS, MYRIAD_GTID and the MYRIAD_COL_* column names (for the messages).
decide_replica_readiness() {
    local configured=1 host="" port="" io="" sql="" io_errno="" io_error="" sql_errno="" sql_error="" lag="" auto=""
    local errant="" binlog_state="" current_pos="" source_binlog_state="" source_current_pos="" source_slave_pos="" source_error=""
    local read_only=1 super_read_only=1
    local known="read_only super_read_only errant binlog_state current_pos source_binlog_state source_current_pos source_slave_pos source_error configured host port io sql io_errno io_error sql_errno sql_error lag auto"
    myriad_facts "$known" "$@" || { printf 'internal error: unknown fact %s\n' "$(myriad_unknown_fact "$known" "$@")"; return 1; }
    io_error=${io_error:0:200}
    sql_error=${sql_error:0:200}
    # A replica that accepts writes is a second primary (an old primary not restarted in its new role, or
    # read_only switched off by hand): never in a Service, whatever its replication says.
    if is_off "$read_only"; then
        printf 'accepts writes (read_only=%s) but the plan says replica: not ready while writable; fix: restart the pod (init.sh re-asserts the role), or SET GLOBAL read_only = ON\n' "$read_only"
        return 1
    fi
    if [ "${MYRIAD_READ_ONLY_VAR:-read_only}" = super_read_only ] && is_off "$super_read_only"; then
        printf 'accepts writes from privileged accounts (super_read_only=%s) but the plan says replica: not ready; fix: restart the pod (init.sh re-asserts the role), or SET GLOBAL super_read_only = ON\n' "$super_read_only"
        return 1
    fi
    if [ "$configured" != 1 ]; then
        printf 'replication is not configured (%s is empty)\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS"
        return 1
    fi
    # The planned source first: a wrong source is the more fundamental problem.
    if [ "$host" != "$MYRIAD_SOURCE_HOST" ] || [ "$port" != "$MYRIAD_SOURCE_PORT" ]; then
        printf 'replicating from %s:%s, but the planned source is %s:%s\n' "$host" "$port" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT"
        return 1
    fi
    # File/position replication (someone ran CHANGE MASTER by hand, or an adopted data directory) breaks
    # re-pointing and failover by GTID; init.sh restores GTID positioning at the next pod start.
    if ! myriad_gtid_positioned "$auto"; then
        printf 'replication uses binary log file/position (%s=%s); Myriad requires GTID auto-positioning; init.sh re-asserts it when the pod restarts\n' \
            "$MYRIAD_COL_AUTO_POSITION" "${auto:-absent}"
        return 1
    fi
    # Errant transactions: executed here, not on the source. The replica's data has diverged (a write with
    # read_only off, or a transaction kept from an earlier role); it must not serve reads, and a failover to it
    # would hand its stray transactions to every other replica (MOCO excludes such replicas the same way).
    if [ -z "$source_error" ]; then
        if [ "${MYRIAD_GTID:-mysql}" = mariadb ]; then
            local rc=0
            errant=$(mariadb_errant "$binlog_state" "$current_pos" "$source_binlog_state" "$source_current_pos" "$source_slave_pos") || rc=$?
            if [ "$rc" != 0 ]; then
                printf "cannot compare GTIDs with the source: '%s' is not a MariaDB GTID\n" "$errant"
                return 1
            fi
        fi
        if [ -n "$errant" ]; then
            [ "${#errant}" -le 200 ] || errant="${errant:0:200}..."
            printf 'errant transactions: %s executed here but not on the source %s:%s; fix: re-seed this replica (empty its data directory, restart the pod), or apply the transactions on the source if they are wanted (docs/probes.md)\n' \
                "$errant" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT"
            return 1
        fi
    fi
    # "Connecting" is not running: the IO thread has no session with the source.
    [ "$io" = Yes ] || { printf '%s=%s (Last_IO_Errno=%s: %s)\n' "$MYRIAD_COL_IO_RUNNING" "$io" "${io_errno:-?}" "$io_error"; return 1; }
    [ "$sql" = Yes ] || { printf '%s=%s (Last_SQL_Errno=%s: %s)\n' "$MYRIAD_COL_SQL_RUNNING" "$sql" "${sql_errno:-?}" "$sql_error"; return 1; }
    [ "${io_errno:-0}" = 0 ] || { printf 'Last_IO_Errno=%s: %s\n' "$io_errno" "$io_error"; return 1; }
    [ "${sql_errno:-0}" = 0 ] || { printf 'Last_SQL_Errno=%s: %s\n' "$sql_errno" "$sql_error"; return 1; }
    case "$lag" in
        '' | NULL) printf '%s is NULL (lag unknown)\n' "$MYRIAD_COL_LAG"; return 1 ;;
        *[!0-9]*) printf "%s is '%s' (not a number)\n" "$MYRIAD_COL_LAG" "$lag"; return 1 ;;
    esac
    if [ "$lag" -gt "$MYRIAD_MAX_LAG_SECONDS" ]; then
        printf '%s=%s exceeds the maximum of %s s\n' "$MYRIAD_COL_LAG" "$lag" "$MYRIAD_MAX_LAG_SECONDS"
        return 1
    fi
    return 0
}

# ---------------------------------------------------------------------------------------------------------
# Gathering and acting
# ---------------------------------------------------------------------------------------------------------

fail() {
    printf 'not ready: %s\n' "$*"
    exit 1
}

# verdict REASON : the probe's outcome: exit 0 when REASON is empty, else print it and exit 1.
verdict() {
    [ -z "$1" ] && exit 0
    printf '%s\n' "$1"
    exit 1
}

# query SQL [CLIENT ARGS...] : runs SQL as myriad_monitor; the output lands in QUERY_OUT (failing the probe
# when the query fails, in this shell rather than in a command substitution).
QUERY_OUT=""
query() {
    local err
    if ! QUERY_OUT=$(printf '%s\n' "$1" | myriad_local_tcp "$MONITOR_CNF" "${@:2}" 2>/dev/null); then
        # Run again for the error text only (stderr is kept out of QUERY_OUT: clients print warnings there).
        err=$(printf '%s\n' "$1" | myriad_local_tcp "$MONITOR_CNF" "${@:2}" 2>&1 >/dev/null)
        fail "cannot query mysqld on $MYRIAD_LOCAL_ADDRESS:$MYRIAD_PORT as myriad_monitor: $(one_line "$err")"
    fi
}

check_alive() {
    local out rc=0
    out=$("$MYRIAD_ADMIN" --defaults-extra-file="$MONITOR_CNF" --protocol=TCP --host="$MYRIAD_LOCAL_ADDRESS" --port="$MYRIAD_PORT" \
        --connect-timeout="$MYRIAD_CONNECT_TIMEOUT" ping 2>&1) || rc=$?
    verdict "$(decide_liveness "$rc" "$out")"
}

check_primary() {
    local vars reason
    if [ "$MYRIAD_READ_ONLY_VAR" = super_read_only ]; then
        vars='@@GLOBAL.read_only, @@GLOBAL.super_read_only'
    else
        vars='@@GLOBAL.read_only, 0'
    fi
    query "SELECT $vars;"
    # DATA_DIR_MARKERS.heldReadOnly (written by post-start.sh).
    local datadir=${MYRIAD_DATADIR:-} held=""
    local marker="${datadir%/}/myriad-held-read-only"
    [ ! -f "$marker" ] || held=$(cat "$marker" 2>/dev/null)
    reason=$(decide_primary_readiness "$(printf '%s' "$QUERY_OUT" | cut -f1)" "$(printf '%s' "$QUERY_OUT" | cut -f2)" "$held") || fail "$reason"
    exit 0
}

# source_query SQL : runs SQL on the planned source as myriad_monitor (same account and password on every
# instance); the output lands in SOURCE_OUT, the error text (one line) in SOURCE_ERROR when it fails.
SOURCE_OUT=""
SOURCE_ERROR=""
source_query() {
    local err
    if ! SOURCE_OUT=$(printf '%s\n' "$1" | myriad_remote "$MONITOR_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" 2>/dev/null); then
        err=$(printf '%s\n' "$1" | myriad_remote "$MONITOR_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" 2>&1 >/dev/null)
        SOURCE_OUT=""
        SOURCE_ERROR="$(one_line "${err:-the query failed}")"
    fi
}

# gather_gtid_facts : this server's executed GTIDs, then the source's (read after, so a transaction this server
# applied is already on the source when it is read), as decide_replica_readiness facts in GTID_FACTS.
# MySQL family: the source computes GTID_SUBTRACT(this server's gtid_executed, its own); MariaDB: both servers'
# gtid_binlog_state and gtid_current_pos, and the source's gtid_slave_pos (compared by mariadb_errant).
GTID_FACTS=()
gather_gtid_facts() {
    local own
    if [ "$MYRIAD_GTID" = mariadb ]; then
        query "SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos;"
        GTID_FACTS=(binlog_state="$(printf '%s' "$QUERY_OUT" | cut -f1)" current_pos="$(printf '%s' "$QUERY_OUT" | cut -f2)")
        source_query "SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_slave_pos;"
        GTID_FACTS+=(source_binlog_state="$(printf '%s' "$SOURCE_OUT" | cut -f1)" source_current_pos="$(printf '%s' "$SOURCE_OUT" | cut -f2)" source_slave_pos="$(printf '%s' "$SOURCE_OUT" | cut -f3)")
    else
        query "SELECT REPLACE(@@GLOBAL.gtid_executed, CHAR(10), '');"
        own=$QUERY_OUT
        source_query "SET SESSION sql_mode = ''; SELECT REPLACE(GTID_SUBTRACT($(myriad_sql_string "$own"), @@GLOBAL.gtid_executed), CHAR(10), '');"
        GTID_FACTS=(errant="$SOURCE_OUT")
    fi
    [ -z "$SOURCE_ERROR" ] || GTID_FACTS+=(source_error="$SOURCE_ERROR")
}

check_replica() {
    local pairs reason configured=1 ro sro=1
    if [ "$MYRIAD_READ_ONLY_VAR" = super_read_only ]; then
        query "SELECT @@GLOBAL.read_only, @@GLOBAL.super_read_only;"
        sro=$(printf '%s' "$QUERY_OUT" | cut -f2)
    else
        query "SELECT @@GLOBAL.read_only;"
    fi
    ro=$(printf '%s' "$QUERY_OUT" | cut -f1)
    query "$MYRIAD_SQL_SHOW_REPLICA_STATUS;" --column-names
    pairs=$(printf '%s\n' "$QUERY_OUT" | myriad_replica_status_pairs)
    [ -n "$pairs" ] || configured=0
    col() { printf '%s\n' "$pairs" | myriad_pair "$1"; }
    gather_gtid_facts
    reason=$(decide_replica_readiness configured="$configured" read_only="$ro" super_read_only="$sro" "${GTID_FACTS[@]}" \
        host="$(col "$MYRIAD_COL_SOURCE_HOST")" port="$(col "$MYRIAD_COL_SOURCE_PORT")" \
        io="$(col "$MYRIAD_COL_IO_RUNNING")" sql="$(col "$MYRIAD_COL_SQL_RUNNING")" \
        io_errno="$(col "$MYRIAD_COL_IO_ERRNO")" io_error="$(col "$MYRIAD_COL_IO_ERROR")" \
        sql_errno="$(col "$MYRIAD_COL_SQL_ERRNO")" sql_error="$(col "$MYRIAD_COL_SQL_ERROR")" \
        lag="$(col "$MYRIAD_COL_LAG")" auto="$(col "$MYRIAD_COL_AUTO_POSITION")") || fail "$reason"
    exit 0
}

check_group() {
    local reason
    query "SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@GLOBAL.server_uuid;"
    reason=$(decide_group_readiness "$QUERY_OUT") || fail "$reason"
    exit 0
}

main() {
    myriad_require MYRIAD_PORT MYRIAD_LOCAL_ADDRESS MYRIAD_ADMIN MYRIAD_CLIENT MYRIAD_SECRETS_DIR
    myriad_require_tunables MYRIAD_CONNECT_TIMEOUT
    MONITOR_CNF="$MYRIAD_SECRETS_DIR/monitor.cnf"
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
                    MYRIAD_SOURCE_PORT MYRIAD_MAX_LAG_SECONDS MYRIAD_READ_ONLY_VAR
                check_replica
            fi
            ;;
        *)
            printf 'usage: probe.sh startup|liveness|readiness\n'
            exit 2
            ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
