#!/usr/bin/env bash
# Myriad post-start.sh: runs after mysqld has started (Kubernetes postStart hook of the mysqld container, or
# the local runner after it started mysqld). The rendered my.cnf sets skip_replica_start and
# group_replication_start_on_boot=OFF so that replication starts only here, after init.sh has checked it:
#
#   primary (async/semisync): mysqld starts read-only (my.cnf); writes open here, once no other instance accepts
#                             them (decide_primary_writes). A primary whose container restarts while another
#                             instance has taken over (a switchover or failover that has not reached its pod
#                             yet) stays read-only and not ready instead of becoming a second writable primary
#   replica (async/semisync): START REPLICA (idempotent) when a source is configured, unless this server holds
#                             transactions its source lacks (decide_replica_start: never re-attached silently)
#   group member:             bootstrap the group once (planned primary, freshly initialised data directory,
#                             no peer reports an ONLINE group), otherwise START GROUP_REPLICATION, retrying
#                             while the group is not reachable yet
#
# Waits (bounded by MYRIAD_POST_START_TIMEOUT_SECONDS) for mysqld to answer: crash recovery can take long.
# Exit 1 on failure (Kubernetes then restarts the container, which retries).
# Shape: gather (member state, bootstrap marker, an ONLINE peer), decide (decide_group_start, pure), act.
# Sourcing this file only defines its functions.

MYRIAD_SCRIPT=post-start
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -u -o pipefail

post_start_setup() {
    myriad_require MYRIAD_CLUSTER MYRIAD_ORDINAL MYRIAD_ROLE MYRIAD_MODE MYRIAD_PORT MYRIAD_LOCAL_ADDRESS MYRIAD_DATADIR MYRIAD_SECRETS_DIR \
        MYRIAD_CLIENT MYRIAD_ADMIN MYRIAD_SQL_SHOW_REPLICA_STATUS MYRIAD_SQL_START_REPLICA MYRIAD_GTID MYRIAD_SERVER_ID \
        MYRIAD_READ_ONLY_VAR
    myriad_require_tunables MYRIAD_CONNECT_TIMEOUT MYRIAD_POST_START_TIMEOUT_SECONDS MYRIAD_GROUP_JOIN_TIMEOUT_SECONDS \
        MYRIAD_GROUP_JOIN_INTERVAL_SECONDS
    ROOT_CNF="$MYRIAD_SECRETS_DIR/root.cnf"
    MONITOR_CNF="$MYRIAD_SECRETS_DIR/monitor.cnf"
    # DATA_DIR_MARKERS.groupBootstrap in components/runtime/contract.ts.
    GROUP_BOOTSTRAP_MARKER="${MYRIAD_DATADIR%/}/myriad-group-bootstrap"
    # DATA_DIR_MARKERS.heldReadOnly: why the primary stays read-only (probe.sh reports it).
    HELD_MARKER="${MYRIAD_DATADIR%/}/myriad-held-read-only"
}

# decide_primary_writes WRITABLE : whether the planned primary opens writes (pure). WRITABLE lists the other
# instances that accept writes ("host:port (server_id N)" joined by ";"), empty when none answers so. Prints
# "ACTION<TAB>REASON": open, or hold (stay read-only: two writable primaries would split the cluster's writes).
decide_primary_writes() {
    if [ -z "$1" ]; then
        printf 'open\tno other instance accepts writes: accepting writes\n'
    else
        printf 'hold\tanother instance accepts writes: %s; this primary stays read-only (not ready) instead of becoming a second writable primary. Fix: if that instance is the primary now (a switchover or failover moved the role), set primary: to its ordinal and apply; otherwise make it read-only again (restart its pod: its bootstrap re-asserts its role), then restart this pod (docs/runtime.md#a-restarted-primary-starts-read-only)\n' "$1"
    fi
}

# open_writes : gather (the peers that accept writes), decide (decide_primary_writes), act (read_only OFF, or
# hold and leave the reason for the readiness probe).
open_writes() {
    local writable decision action reason
    writable=$(writable_peers none)
    decision=$(decide_primary_writes "$writable")
    IFS=$'\t' read -r action reason <<<"$decision"
    if [ "$action" = hold ]; then
        printf '%s\n' "$reason" >"$HELD_MARKER" || myriad_die "cannot write $HELD_MARKER"
        myriad_log "$reason"
        return 0
    fi
    # MariaDB 10.11+: root holds READ_ONLY ADMIN (needed to change read_only) only through the writer role.
    local role=""
    if [ -n "${MYRIAD_REPLICA_WRITER_ROLE:-}" ] && [ "$(printf 'SELECT COUNT(*) FROM information_schema.APPLICABLE_ROLES WHERE ROLE_NAME = %s;\n' \
        "$(myriad_sql_string "$MYRIAD_REPLICA_WRITER_ROLE")" | myriad_local_tcp "$ROOT_CNF" 2>/dev/null)" = 1 ]; then
        role=$MYRIAD_REPLICA_WRITER_ROLE
    fi
    {
        [ -z "$role" ] || printf "SET ROLE '%s';\n" "$role"
        [ "$MYRIAD_READ_ONLY_VAR" != super_read_only ] || printf 'SET GLOBAL super_read_only = OFF;\n'
        printf 'SET GLOBAL read_only = OFF;\n'
    } | myriad_local_tcp "$ROOT_CNF" || myriad_die "cannot open writes on the primary (SET GLOBAL read_only = OFF failed)"
    rm -f "$HELD_MARKER"
    myriad_log "$reason"
}

# decide_group_start MEMBER_STATE MARKER ONLINE_PEER : how this member starts Group Replication (pure).
# MARKER is 1 when init.sh left the group bootstrap marker (a new group from a fresh data directory);
# ONLINE_PEER is a peer that reports an ONLINE member, or empty. Prints "ACTION<TAB>REASON": running (already
# ONLINE or RECOVERING), bootstrap (bootstrap the group, once), join-instead (a group exists: drop the marker
# and join), join (START GROUP_REPLICATION, retried).
decide_group_start() {
    local state=$1 marker=$2 peer=$3
    case "$state" in
        ONLINE | RECOVERING)
            printf 'running\tGroup Replication already running (member state %s)\n' "$state"
            return 0 ;;
    esac
    if [ "$marker" != 1 ]; then
        printf 'join\tjoining the group\n'
    elif [ -n "$peer" ]; then
        printf 'join-instead\ta group is already ONLINE (reported by %s): joining it instead of bootstrapping\n' "$peer"
    else
        printf 'bootstrap\tbootstrapping the group (planned primary, fresh data directory, no ONLINE peer among: %s)\n' "${MYRIAD_PEERS:-none}"
    fi
}

wait_for_server() {
    local deadline
    deadline=$(myriad_deadline "$MYRIAD_POST_START_TIMEOUT_SECONDS")
    until printf 'SELECT 1;\n' | myriad_local_tcp "$ROOT_CNF" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || myriad_die "mysqld did not answer on $MYRIAD_LOCAL_ADDRESS:$MYRIAD_PORT within ${MYRIAD_POST_START_TIMEOUT_SECONDS}s"
        # A short pause: a newly promoted primary takes writes once it answers.
        sleep 0.5
    done
}

# decide_replica_start ERRANT COMPARED : whether to start replication (pure). ERRANT: the GTIDs this server
# executed that its planned source lacks; COMPARED: 1 when the source was asked, 0 when it did not answer.
# Prints "ACTION<TAB>REASON": start, or refuse (never re-attach a server holding transactions its source lacks:
# an old primary that comes back after a failover with writes nobody received).
decide_replica_start() {
    local errant=$1 compared=$2
    if [ -n "$errant" ]; then
        [ "${#errant}" -le 200 ] || errant="${errant:0:200}..."
        printf 'refuse\trefusing to start replication from %s:%s: this server holds transactions its source lacks (errant GTIDs: %s); it stays not ready. Fix: re-seed it (empty its data directory and restart the pod; the init container copies the source), or first keep its data aside for inspection (copy the data directory or snapshot the claim), or apply those transactions on the primary if they are wanted (docs/upgrading.md#failover)\n' \
            "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" "$errant"
    elif [ "$compared" != 1 ]; then
        printf 'start\tthe source %s:%s did not answer, so GTIDs were not compared before starting replication (the readiness probe compares them once it answers)\n' "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT"
    else
        printf 'start\tno transaction here is missing from the source %s:%s\n' "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT"
    fi
}

# replica_errant : the GTIDs this server executed that its planned source lacks (empty: none); returns 2 when
# either server cannot be asked. MySQL family: GTID_SUBTRACT computed by the source; MariaDB: mariadb_errant.
replica_errant() {
    local own src q
    if [ "$MYRIAD_GTID" = mariadb ]; then
        q='SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_slave_pos;'
        own=$(printf '%s\n' "$q" | myriad_local_tcp "$ROOT_CNF") || return 2
        src=$(printf '%s\n' "$q" | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" 2>/dev/null) || return 2
        mariadb_errant "$(printf '%s' "$own" | cut -f1)" "$(printf '%s' "$own" | cut -f2)" "$(printf '%s' "$src" | cut -f1)" "$(printf '%s' "$src" | cut -f2)" "$(printf '%s' "$src" | cut -f3)" || return 2
    else
        own=$(printf "SELECT REPLACE(@@GLOBAL.gtid_executed, CHAR(10), '');\n" | myriad_local_tcp "$ROOT_CNF") || return 2
        printf "SET SESSION sql_mode = '';\nSELECT REPLACE(GTID_SUBTRACT(%s, @@GLOBAL.gtid_executed), CHAR(10), '');\n" "$(myriad_sql_string "$own")" \
            | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" 2>/dev/null || return 2
    fi
}

start_replica() {
    local rows errant compared=1 decision action reason
    rows=$(printf '%s;\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS" | myriad_local_tcp "$ROOT_CNF") || myriad_die "cannot read the replication status"
    if [ -z "$rows" ]; then
        myriad_log "no replication source is configured; not starting replication (init.sh configures it)"
        return 0
    fi
    errant=$(replica_errant) || { errant=""; compared=0; }
    decision=$(decide_replica_start "$errant" "$compared")
    IFS=$'\t' read -r action reason <<<"$decision"
    myriad_log "$reason"
    # Exit 0 on a refusal: a failing hook would restart the container in a loop; the server stays up, not
    # ready (the probe names the errant GTIDs), so that myriad verify and an operator can inspect it.
    [ "$action" = start ] || return 0
    printf '%s;\n' "$MYRIAD_SQL_START_REPLICA" | myriad_local_tcp "$ROOT_CNF" || myriad_die "$MYRIAD_SQL_START_REPLICA failed"
    myriad_log "replication started ($MYRIAD_SQL_START_REPLICA)"
}

member_state() {
    printf 'SELECT MEMBER_STATE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@GLOBAL.server_uuid;\n' \
        | myriad_local_tcp "$ROOT_CNF" 2>/dev/null
}

# Prints the first peer (host:port) that reports an ONLINE member, if any.
online_peer() {
    local peer host port n
    for peer in ${MYRIAD_PEERS:-}; do
        [ "$peer" = "$MYRIAD_HOST:$MYRIAD_PORT" ] && continue
        host=${peer%:*}
        port=${peer##*:}
        n=$(printf "SELECT COUNT(*) FROM performance_schema.replication_group_members WHERE MEMBER_STATE = 'ONLINE';\n" \
            | myriad_remote "$MONITOR_CNF" "$host" "$port" 2>/dev/null) || continue
        if [ "${n:-0}" -gt 0 ]; then
            printf '%s' "$peer"
            return 0
        fi
    done
    return 1
}

start_group() {
    local state marker=0 peer="" decision action reason deadline attempt=0 err
    state=$(member_state)
    [ ! -f "$GROUP_BOOTSTRAP_MARKER" ] || marker=1
    if [ "$marker" = 1 ] && [ "$state" != ONLINE ] && [ "$state" != RECOVERING ]; then
        peer=$(online_peer) || peer=""
    fi
    decision=$(decide_group_start "$state" "$marker" "$peer")
    IFS=$'\t' read -r action reason <<<"$decision"
    case "$action" in
        running)
            myriad_log "$reason"
            return 0 ;;
        join-instead)
            myriad_log "$reason"
            rm -f "$GROUP_BOOTSTRAP_MARKER" ;;
        bootstrap)
            myriad_log "$reason"
            printf 'SET GLOBAL group_replication_bootstrap_group = ON;\nSTART GROUP_REPLICATION;\nSET GLOBAL group_replication_bootstrap_group = OFF;\n' \
                | myriad_local_tcp "$ROOT_CNF" || {
                printf 'SET GLOBAL group_replication_bootstrap_group = OFF;\n' | myriad_local_tcp "$ROOT_CNF"
                myriad_die "bootstrapping the group failed"
            }
            rm -f "$GROUP_BOOTSTRAP_MARKER"
            myriad_log "group bootstrapped"
            return 0 ;;
    esac
    deadline=$(myriad_deadline "$MYRIAD_GROUP_JOIN_TIMEOUT_SECONDS")
    while :; do
        attempt=$((attempt + 1))
        if err=$(printf 'START GROUP_REPLICATION;\n' | myriad_local_tcp "$ROOT_CNF" 2>&1); then
            myriad_log "joined the group (attempt $attempt)"
            return 0
        fi
        [ "$SECONDS" -lt "$deadline" ] || myriad_die "could not join the group within ${MYRIAD_GROUP_JOIN_TIMEOUT_SECONDS}s: $(printf '%s' "$err" | tr '\n' ' '). If every member is down, the group must be rebooted by an operator (docs/probes.md, 'Group Replication limits')"
        myriad_log "joining the group failed (attempt $attempt): $(printf '%s' "$err" | tr '\n' ' '); retrying"
        if [ "$(member_state)" = ERROR ]; then
            printf 'STOP GROUP_REPLICATION;\n' | myriad_local_tcp "$ROOT_CNF" >/dev/null 2>&1
        fi
        sleep "$MYRIAD_GROUP_JOIN_INTERVAL_SECONDS"
    done
}

# decide_group_primary PLANNED MEMBER_ROLE SUPPORTED : whether this member takes the group's primary role
# (pure). PLANNED is 1 on the planned primary; MEMBER_ROLE its MEMBER_ROLE (PRIMARY, SECONDARY); SUPPORTED is
# 1 where group_replication_set_as_primary() exists (8.0.13+). Prints "ACTION<TAB>REASON": none, set (call it),
# or unsupported (the group elects its primary itself; the plan's primary is not enforced).
decide_group_primary() {
    local planned=$1 role=$2 supported=$3
    if [ "$planned" != 1 ]; then
        printf 'none\tnot the planned primary\n'
    elif [ "$role" = PRIMARY ]; then
        printf 'none\tthis member is the group primary, as planned\n'
    elif [ "$supported" = 1 ]; then
        printf 'set\tthe planned primary is %s: moving the primary role to this member (group_replication_set_as_primary)\n' "${role:-not a member yet}"
    else
        printf 'unsupported\tthe planned primary is %s, and this server has no group_replication_set_as_primary() (8.0.13+): the group keeps the primary it elected\n' "${role:-not a member yet}"
    fi
}

# take_group_primary : the planned primary moves the group's primary role to itself (a declared primary change).
take_group_primary() {
    local role decision action reason
    role=$(printf 'SELECT MEMBER_ROLE FROM performance_schema.replication_group_members WHERE MEMBER_ID = @@GLOBAL.server_uuid;\n' \
        | myriad_local_tcp "$ROOT_CNF" 2>/dev/null) || role=""
    decision=$(decide_group_primary "${MYRIAD_GROUP_BOOTSTRAP:-0}" "$role" "${MYRIAD_GROUP_SET_AS_PRIMARY:-0}")
    IFS=$'\t' read -r action reason <<<"$decision"
    [ "$action" = none ] && return 0
    myriad_log "$reason"
    [ "$action" = set ] || return 0
    printf 'SELECT group_replication_set_as_primary(@@GLOBAL.server_uuid);\n' | myriad_local_tcp "$ROOT_CNF" >/dev/null \
        || myriad_die "group_replication_set_as_primary() failed"
    myriad_log "this member is now the group primary"
}

main() {
    post_start_setup
    wait_for_server
    if [ "$MYRIAD_MODE" = group ]; then
        myriad_require MYRIAD_HOST
        start_group
        take_group_primary
    elif [ "$MYRIAD_ROLE" = replica ]; then
        start_replica
    else
        open_writes
    fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
