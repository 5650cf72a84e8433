#!/usr/bin/env bash
# Myriad promotion.sh: the planned primary on existing data (docs/upgrading.md#switchover): stay the primary,
# or take over from the source it replicates from by switchover (fence, catch up, promote) or failover (apply
# the relay log, promote unless a reachable replica is more advanced). Sourced by init.sh after lib.sh.

# ---------------------------------------------------------------------------------------------------------
# Decisions: the planned primary and the replication channel it holds (switchover, failover)
# ---------------------------------------------------------------------------------------------------------

# decide_promotion FACT=VALUE... : what the planned primary does with existing data (pure). Facts:
#   channel=HOST:PORT   its current replication source (empty: none)
#   old=answers|unanswered|-   whether that source answered (- when there is no channel)
#   old_detail=TEXT     its server_id and version, or the last error
#   writable=TEXT       other instances that accept writes, besides the old source ("host:port (server_id N)")
# Prints "VERDICT<TAB>REASON": primary (no channel: it is the primary already), switchover (the old primary
# answers: fence it, apply everything it executed, promote), failover (it does not answer: apply the relay log,
# promote only if no reachable replica is more advanced), refuse (REASON says why and how to fix it).
decide_promotion() {
    local channel="" old="" old_detail="" writable=""
    local known="channel old old_detail writable"
    myriad_facts "$known" "$@" || { printf 'refuse\tinternal error: unknown fact %s\n' "$(myriad_unknown_fact "$known" "$@")"; return 0; }
    if [ -n "$writable" ]; then
        printf 'refuse\tanother instance accepts writes: %s; refusing to become a second writable primary. Fix: if that instance is the primary, set primary: to its ordinal; otherwise restart it so that its bootstrap re-asserts its planned role (read-only)\n' "$writable"
        return 0
    fi
    if [ -z "$channel" ]; then
        printf 'primary\tno replication source configured: this instance is the primary already\n'
        return 0
    fi
    case "$old" in
        answers)
            printf 'switchover\tthe planned primary replicates from %s, which answers (%s): switchover (fence the old primary, apply everything it executed, promote)\n' "$channel" "$old_detail" ;;
        unanswered)
            printf 'failover\tthe planned primary replicates from %s, which does not answer (%s): failover (apply the relay log, promote only if no reachable replica is more advanced)\n' "$channel" "$old_detail" ;;
        *) printf 'refuse\tinternal error: the old source was not asked\n' ;;
    esac
}

# decide_promote FACT=VALUE... : after a bounded wait of the promotion, whether to go on (pure). Facts:
#   step=catch-up|fenced|relay   catch-up: the old primary still takes writes; fenced: it is fenced; relay:
#                                failover, the relay log was being applied
#   reached=0|1      the wait ended with every transaction applied
#   missing=TEXT     what was not applied yet (GTIDs)      lag=SECONDS   the replica's Seconds_Behind_* value
#   errant=GTIDS     executed here but not on the old primary (switchover)
#   ahead=TEXT       reachable replicas holding transactions this instance lacks (failover)
#   source=HOST:PORT the old primary
# Configuration read: MYRIAD_SWITCHOVER_TIMEOUT_SECONDS. Prints "VERDICT<TAB>REASON": next (catch-up reached:
# fence the old primary now), promote, or refuse (REASON names the lag or the better candidate, and the fix).
decide_promote() {
    local step="" reached="" missing="" lag="" errant="" ahead="" source="" state fix
    local known="step reached missing lag errant ahead source"
    myriad_facts "$known" "$@" || { printf 'refuse\tinternal error: unknown fact %s\n' "$(myriad_unknown_fact "$known" "$@")"; return 0; }
    [ "${#missing}" -le 200 ] || missing="${missing:0:200}..."
    case "$step" in
        catch-up) state="the old primary $source was not fenced and still accepts writes" ;;
        fenced) state="the old primary $source was unfenced and accepts writes again" ;;
        relay) state="the old primary $source is unreachable; the cluster has no writable primary until one is promoted" ;;
        *) printf 'refuse\tinternal error: unknown step %s\n' "$step"; return 0 ;;
    esac
    if [ "$reached" != 1 ]; then
        if [ "$step" = relay ]; then
            fix="check this instance's replication applier (its log), or set primary: to another replica"
            printf 'refuse\tfailover refused: this instance did not apply its relay log within %ss (not applied: %s; lag %s s); nothing was promoted and %s. Fix: %s; the init container retries\n' \
                "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS" "${missing:-unknown}" "${lag:-unknown}" "$state" "$fix"
        else
            fix="let this replica catch up (lower the write load or fix its replication) and run the rollout again (the init container retries), raise MYRIAD_SWITCHOVER_TIMEOUT_SECONDS, or set primary: back to the old primary's ordinal"
            printf 'refuse\tswitchover refused: this instance did not apply every transaction of the old primary %s within %ss (lag: %s s behind, not applied yet: %s); nothing was promoted and %s. Fix: %s\n' \
                "$source" "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS" "${lag:-unknown}" "${missing:-unknown}" "$state" "$fix"
        fi
        return 0
    fi
    if [ -n "$errant" ]; then
        [ "${#errant}" -le 200 ] || errant="${errant:0:200}..."
        printf 'refuse\tswitchover refused: this instance holds transactions the old primary %s lacks (errant: %s); promoting it would hand them to every replica; nothing was promoted and %s. Fix: re-seed this instance (empty its data directory), or set primary: to another replica\n' \
            "$source" "$errant" "$state"
        return 0
    fi
    if [ -n "$ahead" ]; then
        printf 'refuse\tfailover refused: a reachable replica is more advanced than this instance: %s; promoting this instance would lose those transactions; nothing was promoted. Fix: set primary: to the ordinal of that replica (server_id minus serverIdBase)\n' "$ahead"
        return 0
    fi
    case "$step" in
        catch-up) printf 'next\tcaught up with the old primary %s: fencing it\n' "$source" ;;
        fenced) printf 'promote\tapplied every transaction of the fenced old primary %s: promoting\n' "$source" ;;
        relay) printf 'promote\tapplied the relay log and no reachable replica is more advanced: promoting\n' ;;
    esac
}

# ---------------------------------------------------------------------------------------------------------
# Actions: the planned primary (switchover, failover; docs/upgrading.md#switchover)
# ---------------------------------------------------------------------------------------------------------

# temp_query SQL : one query on the temporary server as root; prints its rows.
temp_query() {
    printf "SET SESSION sql_mode = '';\n%s\n" "$1" | myriad_temp_sql "$ROOT_CNF"
}

# own_gtid_state : this instance's GTID state (temporary server): MySQL family gtid_executed; MariaDB
# "gtid_binlog_state<TAB>gtid_current_pos<TAB>gtid_slave_pos<TAB>gtid_slave_pos" (the layout of
# remote_gtid_state: the third field is what a peer waits for, the fourth what mariadb_errant reads).
own_gtid_state() {
    if [ "$MYRIAD_GTID" = mariadb ]; then
        temp_query 'SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_slave_pos, @@GLOBAL.gtid_slave_pos;'
    else
        temp_query "SELECT REPLACE(@@GLOBAL.gtid_executed, CHAR(10), '');"
    fi
}

# remote_gtid_state HOST PORT : a peer's GTID state as root: MySQL family gtid_executed; MariaDB
# "gtid_binlog_state<TAB>gtid_current_pos<TAB>gtid_binlog_pos<TAB>gtid_slave_pos".
remote_gtid_state() {
    if [ "$MYRIAD_GTID" = mariadb ]; then
        printf 'SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_binlog_pos, @@GLOBAL.gtid_slave_pos;\n'
    else
        printf "SELECT REPLACE(@@GLOBAL.gtid_executed, CHAR(10), '');\n"
    fi | myriad_remote "$ROOT_CNF" "$1" "$2"
}

# lacking STATE_A STATE_B : the GTIDs of state A (own_gtid_state or remote_gtid_state) missing from state B
# (empty when none). MySQL family: GTID_SUBTRACT on the temporary server; MariaDB: mariadb_errant (lib.sh).
lacking() {
    if [ "$MYRIAD_GTID" = mariadb ]; then
        mariadb_errant "$(printf '%s' "$1" | cut -f1)" "$(printf '%s' "$1" | cut -f2)" "$(printf '%s' "$2" | cut -f1)" "$(printf '%s' "$2" | cut -f2)" "$(printf '%s' "$2" | cut -f4)"
    else
        temp_query "SELECT REPLACE(GTID_SUBTRACT($(myriad_sql_string "$1"), $(myriad_sql_string "$2")), CHAR(10), '');"
    fi
}

# wait_applied STATE SECONDS : waits until the temporary server has applied every transaction of a peer's
# GTID state (WAIT_FOR_EXECUTED_GTID_SET; MariaDB MASTER_GTID_WAIT on its gtid_binlog_pos), then, in the same
# session, reads what it executed that the peer lacks. Prints "REACHED<TAB>ERRANT": REACHED 1 when it did within
# SECONDS, 0 when not; ERRANT computed only when reached (one client call: the write pause of a switchover
# includes it).
wait_applied() {
    local out reached errant="" r
    if [ "$MYRIAD_GTID" = mariadb ]; then
        r=$(temp_query "SELECT MASTER_GTID_WAIT($(myriad_sql_string "$(printf '%s' "$1" | cut -f3)"), $2);") || r=-1
        reached=0
        [ "$r" = 0 ] && reached=1
        if [ "$reached" = 1 ]; then
            out=$(own_gtid_state) || return 1
            errant=$(lacking "$out" "$1") || return 1
        fi
    else
        out=$(temp_query "SELECT WAIT_FOR_EXECUTED_GTID_SET($(myriad_sql_string "$1"), $2); SELECT REPLACE(GTID_SUBTRACT(@@GLOBAL.gtid_executed, $(myriad_sql_string "$1")), CHAR(10), '');") || return 1
        r=$(printf '%s\n' "$out" | sed -n 1p)
        reached=0
        [ "$r" = 0 ] && reached=1
        [ "$reached" = 0 ] || errant=$(printf '%s\n' "$out" | sed -n 2p)
    fi
    printf '%s\t%s\n' "$reached" "$errant"
}

# not_applied STATE : what of a peer's GTID state this instance has not applied yet (for messages).
not_applied() {
    local own
    own=$(own_gtid_state) || return 0
    if [ "$MYRIAD_GTID" = mariadb ]; then
        printf 'source position %s, applied %s' "$(printf '%s' "$1" | cut -f3)" "$(printf '%s' "$own" | cut -f3)"
    else
        lacking "$1" "$own"
    fi
}

# replica_column NAME... : the first of these SHOW REPLICA STATUS columns present on the temporary server.
replica_column() {
    local pairs n v
    pairs=$(printf '%s;\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS" | myriad_temp_sql "$ROOT_CNF" --column-names | myriad_replica_status_pairs) || return 0
    for n in "$@"; do
        v=$(printf '%s\n' "$pairs" | awk -F '\t' -v k="$n" '$1 == k { print $2; found = 1; exit } END { if (!found) print "\001" }')
        [ "$v" = $'\001' ] || { printf '%s' "$v"; return 0; }
    done
}

# ahead_peers OWN_STATE SKIP_SERVER_ID : the reachable peers (besides this instance and SKIP_SERVER_ID) that
# hold transactions this instance lacks, as "host:port (server_id N) has GTIDS" joined by "; ".
ahead_peers() {
    local peers host port sid state extra list=()
    peers=$(list_peers) || peers=""
    while read -r host port; do
        [ -n "$host" ] || continue
        sid=$(printf 'SELECT @@GLOBAL.server_id;\n' | myriad_remote "$ROOT_CNF" "$host" "$port" 2>/dev/null) || {
            myriad_log "peer $host:$port does not answer: it is not compared (if it is a replica, it may hold transactions this instance lacks)"
            continue
        }
        [ "$sid" = "$MYRIAD_SERVER_ID" ] || [ "$sid" = "$2" ] && continue
        state=$(remote_gtid_state "$host" "$port" 2>/dev/null) || continue
        extra=$(lacking "$state" "$1") || continue
        [ -z "$extra" ] || list+=("$host:$port (server_id $sid) has $extra")
    done <<<"$peers"
    local IFS=';'
    printf '%s' "${list[*]}"
}

# The fencing session: one root connection to the old primary, held from the fence to the end of the
# promotion (a coprocess). It sets read_only (and super_read_only), and where read_only alone does not stop
# privileged accounts (MariaDB: MYRIAD_READ_ONLY_BYPASS_PRIVILEGES) revokes those privileges from every holder
# for the switchover, not binary-logged; the session keeps its own privileges, so it can grant them back.
# The session's descriptors are the one state kept in variables (a coprocess's pipes cannot be printed back),
# so fence_old runs in init.sh's own shell; what it revoked is listed in the file FENCE_REVOKED_FILE names.
FENCE_IN=""
FENCE_OUT=""
FENCE_PID=""
FENCE_REVOKED_FILE=fence.revoked

# fence_send SQL : runs SQL in the fencing session; prints its rows; returns 1 when the session failed.
fence_send() {
    local line marker
    # Unique per statement, so that a late answer to an earlier statement cannot end this one's rows.
    marker="myriad-fence-$$-$RANDOM$RANDOM$RANDOM"
    [ -n "$FENCE_IN" ] || return 1
    printf '%s\nSELECT %s;\n' "$1" "$(myriad_sql_string "$marker")" 1>&"$FENCE_IN" || return 1
    while IFS= read -r -t "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS" -u "$FENCE_OUT" line; do
        [ "$line" = "$marker" ] && return 0
        printf '%s\n' "$line"
    done
    return 1
}

# fence_gtid_state : the old primary's GTID state read in the fencing session (as remote_gtid_state).
fence_gtid_state() {
    if [ "$MYRIAD_GTID" = mariadb ]; then
        fence_send 'SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_binlog_pos, @@GLOBAL.gtid_slave_pos;'
    else
        fence_send "SELECT REPLACE(@@GLOBAL.gtid_executed, CHAR(10), '');"
    fi
}

# kill_clients HOST PORT : ends every client connection of the old primary but the replication account's and
# the fencing session's (their transactions roll back; applications reconnect through the write Service).
kill_clients() {
    local ids
    ids=$(fence_send "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND USER NOT IN ('system user', 'event_scheduler', 'unauthenticated user', 'myriad_repl') AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon', 'Killed');") || return 1
    [ -n "$ids" ] || return 0
    # In the background: read_only is already set, so this only sends clients to the new primary sooner.
    printf '%s\n' "$ids" | sed 's/^/KILL CONNECTION /; s/$/;/' | myriad_remote "$ROOT_CNF" "$1" "$2" --force >/dev/null 2>&1 &
    myriad_log "ending $(printf '%s\n' "$ids" | grep -c .) client connection(s) of the old primary"
    return 0
}

# fence_old HOST PORT : fences the old primary: read-only for every account. Returns 1 when it could not.
fence_old() {
    local host=$1 port=$2 sql rows grantee priv revoked="$MYRIAD_TEMP_DIR/$FENCE_REVOKED_FILE"
    : >"$revoked" || return 1
    coproc FENCE { myriad_remote "$ROOT_CNF" "$host" "$port" --unbuffered 2>"$MYRIAD_TEMP_DIR/fence.err"; }
    FENCE_IN=${FENCE[1]}
    FENCE_OUT=${FENCE[0]}
    # MariaDB 10.11+: root holds READ_ONLY ADMIN (needed to set read_only and to grant it back) only through the
    # replica-writer role, enabled for this session alone where the old primary has granted it.
    if [ -n "${MYRIAD_REPLICA_WRITER_ROLE:-}" ]; then
        rows=$(fence_send "SELECT COUNT(*) FROM information_schema.APPLICABLE_ROLES WHERE ROLE_NAME = $(myriad_sql_string "$MYRIAD_REPLICA_WRITER_ROLE");") || return 1
        if [ "$rows" = 1 ]; then fence_send "SET ROLE '$MYRIAD_REPLICA_WRITER_ROLE';" >/dev/null || return 1; fi
    fi
    sql="SET SESSION sql_log_bin = 0; SET SESSION lock_wait_timeout = $MYRIAD_SWITCHOVER_TIMEOUT_SECONDS; SET GLOBAL read_only = ON;"
    [ "$MYRIAD_READ_ONLY_VAR" = super_read_only ] && sql="$sql SET GLOBAL super_read_only = ON;"
    fence_send "$sql" >/dev/null || return 1
    if [ -n "${MYRIAD_READ_ONLY_BYPASS_PRIVILEGES:-}" ]; then
        rows=$(fence_send "SELECT GRANTEE, PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE FIND_IN_SET(PRIVILEGE_TYPE, $(myriad_sql_string "$MYRIAD_READ_ONLY_BYPASS_PRIVILEGES")) > 0;") || return 1
        while IFS=$'\t' read -r grantee priv; do
            [ -n "$grantee" ] || continue
            # The writer role is enabled only deliberately, one session at a time (and by this one).
            [ "$grantee" != "'${MYRIAD_REPLICA_WRITER_ROLE:-}'" ] || continue
            fence_send "REVOKE $priv ON *.* FROM $grantee;" >/dev/null || return 1
            printf '%s\t%s\n' "$priv" "$grantee" >>"$revoked" || return 1
        done <<<"$rows"
        [ ! -s "$revoked" ] || myriad_log "revoked for the switchover (not binary-logged): $(tr '\t\n' ' ;' <"$revoked" | sed 's/;/; /g')"
    fi
    kill_clients "$host" "$port" || return 1
    myriad_log "fenced the old primary $host:$port: read_only=ON$([ "$MYRIAD_READ_ONLY_VAR" = super_read_only ] && printf ', super_read_only=ON'), client connections ended"
}

# fence_close undo|keep HOST PORT : ends the fencing session with the old primary HOST:PORT. Privileges revoked
# for the switchover are granted back either way (a persistent revocation would keep the old primary's own
# bootstrap from re-asserting its accounts); undo also makes the old primary writable again (nothing was promoted).
fence_close() {
    local host=$2 port=$3 priv grantee failed=0 revoked="$MYRIAD_TEMP_DIR/$FENCE_REVOKED_FILE"
    if [ -f "$revoked" ]; then
        while IFS=$'\t' read -r priv grantee; do
            [ -n "$priv" ] || continue
            fence_send "GRANT $priv ON *.* TO $grantee;" </dev/null >/dev/null || { failed=1; myriad_log "WARNING: could not grant $priv back to $grantee on the old primary: $(tr '\n' ' ' <"$MYRIAD_TEMP_DIR/fence.err" 2>/dev/null)"; }
        done <"$revoked"
        rm -f "$revoked"
    fi
    if [ "$1" = undo ]; then
        if fence_send "SET GLOBAL read_only = OFF;" >/dev/null || { [ -z "${MYRIAD_REPLICA_WRITER_ROLE:-}" ] || printf "SET ROLE '%s';\n" "$MYRIAD_REPLICA_WRITER_ROLE"; printf 'SET GLOBAL read_only = OFF;\n'; } | myriad_remote "$ROOT_CNF" "$host" "$port"; then
            myriad_log "unfenced the old primary $host:$port (read_only=OFF): it accepts writes again"
        else
            myriad_log "WARNING: could not unfence the old primary $host:$port: it stays read-only"
        fi
    fi
    [ "$failed" = 0 ] || true
    if [ -n "$FENCE_IN" ]; then
        eval "exec $FENCE_IN>&-" 2>/dev/null || true
        FENCE_IN=""
    fi
    [ -z "$FENCE_PID" ] || wait "$FENCE_PID" 2>/dev/null || true
    FENCE_PID=""
}

# refuse_promotion REASON [undo HOST PORT] : ends the fencing session (unfencing the old primary HOST:PORT with
# undo), stops replication on the temporary server, and dies with REASON.
refuse_promotion() {
    [ -z "${2:-}" ] || fence_close undo "$3" "$4"
    printf '%s;\n' "$MYRIAD_SQL_STOP_REPLICA" | myriad_temp_sql "$ROOT_CNF" >/dev/null 2>&1
    myriad_die "$1"
}

# promote SOURCE : the temporary server stops replicating and forgets its source (SOURCE, host:port, for the
# log); the real server then starts as the primary (read-only until post-start.sh has checked that no other
# instance accepts writes).
promote() {
    printf '%s;\n%s;\n' "$MYRIAD_SQL_STOP_REPLICA" "$MYRIAD_SQL_RESET_REPLICA_ALL" | myriad_temp_sql "$ROOT_CNF" \
        || myriad_die "cannot remove the replication configuration"
    myriad_log "promoted: replication from $1 removed; mysqld starts as the primary (post-start.sh opens writes)"
}

# switchover HOST PORT : the old primary HOST:PORT answers. Catch up while it still takes writes, fence it, apply
# what it executed up to the fence, check for errant transactions, promote; on any refusal, unfence it.
switchover() {
    local host=$1 port=$2 src="$1:$2" old reached errant lag="" verdict reason
    # Dirty pages flushed ahead: the temporary server's shutdown, inside the write pause, has less to write.
    printf 'SET GLOBAL innodb_max_dirty_pages_pct = 0;\n%s;\n' "$MYRIAD_SQL_START_REPLICA" | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot start replication from $src"
    old=$(remote_gtid_state "$host" "$port") || myriad_die "cannot read the GTID state of the old primary $src"
    IFS=$'\t' read -r reached errant <<<"$(wait_applied "$old" "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS")"
    [ "$reached" = 1 ] || lag=$(replica_column "$MYRIAD_COL_LAG")
    IFS=$'\t' read -r verdict reason <<<"$(decide_promote step=catch-up reached="$reached" missing="$([ "$reached" = 1 ] || not_applied "$old")" lag="$lag" source="$src")"
    [ "$verdict" = next ] || refuse_promotion "$reason"
    myriad_log "$reason"
    fence_old "$host" "$port" \
        || refuse_promotion "switchover refused: cannot fence the old primary $src: $(tr '\n' ' ' <"$MYRIAD_TEMP_DIR/fence.err" 2>/dev/null); nothing was promoted" undo "$host" "$port"
    old=$(fence_gtid_state) || refuse_promotion "cannot read the GTID state of the fenced old primary $src; nothing was promoted" undo "$host" "$port"
    IFS=$'\t' read -r reached errant <<<"$(wait_applied "$old" "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS")"
    [ "$reached" = 1 ] || lag=$(replica_column "$MYRIAD_COL_LAG")
    IFS=$'\t' read -r verdict reason <<<"$(decide_promote step=fenced reached="$reached" missing="$([ "$reached" = 1 ] || not_applied "$old")" lag="$lag" errant="$errant" source="$src")"
    [ "$verdict" = promote ] || refuse_promotion "$reason" undo "$host" "$port"
    myriad_log "$reason"
    promote "$src"
    fence_close keep "$host" "$port"
    myriad_log "the old primary $src stays read-only and leaves the write Service (its readiness as primary fails); it becomes a replica of this instance at its turn of the rollout"
}

# relay_applied SECONDS : starts the applier alone (the old primary is gone) and waits until it has read all of
# its relay log. Prints 1 when it did within SECONDS, 0 when not.
relay_applied() {
    local deadline state running
    printf '%s SQL_THREAD;\n' "$MYRIAD_SQL_START_REPLICA" | myriad_temp_sql "$ROOT_CNF" || { echo 0; return 0; }
    deadline=$(myriad_deadline "$1")
    while :; do
        state=$(replica_column Replica_SQL_Running_State Slave_SQL_Running_State)
        running=$(replica_column "$MYRIAD_COL_SQL_RUNNING")
        case "$state" in
            *"has read all relay log"*) echo 1; return 0 ;;
        esac
        if [ "$running" != Yes ] || [ "$SECONDS" -ge "$deadline" ]; then echo 0; return 0; fi
        sleep 1
    done
}

# failover SOURCE OLD_SERVER_ID : the old primary SOURCE (host:port) does not answer. Apply the relay log,
# refuse when a reachable replica is more advanced, promote.
failover() {
    local src=$1 old_sid=$2 reached own ahead="" lag verdict reason
    reached=$(relay_applied "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS")
    lag=$(replica_column "$MYRIAD_COL_LAG")
    printf '%s;\n' "$MYRIAD_SQL_STOP_REPLICA" | myriad_temp_sql "$ROOT_CNF" >/dev/null 2>&1
    if [ "$reached" = 1 ]; then
        own=$(own_gtid_state) || myriad_die "cannot read this instance's GTID state"
        ahead=$(ahead_peers "$own" "$old_sid")
    fi
    IFS=$'\t' read -r verdict reason <<<"$(decide_promote step=relay reached="$reached" missing="$([ "$reached" = 1 ] || replica_column Replica_SQL_Running_State Slave_SQL_Running_State)" lag="$lag" ahead="$ahead" source="$src")"
    [ "$verdict" = promote ] || myriad_die "$reason"
    myriad_log "$reason"
    promote "$src"
}

# old_source_facts HOST PORT : asks the current source for its server_id, three times a second apart (a blip
# is not a failover). Prints "VERDICT<TAB>SERVER_ID<TAB>DETAIL": answers or unanswered; its server_id, or none
# when it did not answer; "server_id N, version V", or the last error.
old_source_facts() {
    local out attempt sid err="$MYRIAD_TEMP_DIR/old-source.err"
    for attempt in 1 2 3; do
        if out=$(printf 'SELECT @@GLOBAL.server_id, @@GLOBAL.version;\n' | myriad_remote "$ROOT_CNF" "$1" "$2" 2>"$err"); then
            sid=$(printf '%s' "$out" | cut -f1)
            printf 'answers\t%s\tserver_id %s, version %s\n' "$sid" "$sid" "$(printf '%s' "$out" | cut -f2)"
            return 0
        fi
        [ "$attempt" = 3 ] || sleep 1
    done
    printf 'unanswered\tnone\t%s\n' "$(tr '\n' ' ' <"$err" | cut -c1-200)"
}

# assume_primary : the planned primary on existing data: keep being the primary, or take over from the source
# it replicates from (decide_promotion).
assume_primary() {
    local channel="" old=- old_sid=none old_detail="" writable current host port verdict reason
    current=$(current_source) || myriad_die "cannot read the replication status"
    IFS=$'\t' read -r host port _ <<<"$current"
    if [ -n "$host" ]; then
        channel="$host:$port"
        IFS=$'\t' read -r old old_sid old_detail <<<"$(old_source_facts "$host" "$port")"
    fi
    writable=$(writable_peers "$old_sid")
    IFS=$'\t' read -r verdict reason <<<"$(decide_promotion channel="$channel" old="$old" old_detail="$old_detail" writable="$writable")"
    case "$verdict" in
        primary) myriad_log "$reason" ;;
        switchover) myriad_log "$reason"; switchover "$host" "$port" ;;
        failover) myriad_log "$reason"; failover "$channel" "$old_sid" ;;
        *) myriad_die "$reason" ;;
    esac
}
