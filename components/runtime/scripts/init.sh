#!/usr/bin/env bash
# Myriad init.sh: prepares the data directory before mysqld starts (init container). Idempotent: it runs
# again on every pod start and never re-seeds or wipes data a server has served.
#
# Shape: gather the facts (data directory state, planned role, what the peers hold, the source's answer),
# decide (decide_bootstrap, pure), act. The decisions:
#   existing data         -> adopt: re-assert the accounts, the role's read-only setting and the planned source
#   unknown files         -> refuse (never initialise over them)
#   empty data directory  -> primary / group member: initialise, create the accounts; the planned primary
#                            (and the group's bootstrap member) first asks its peers and never initialises
#                            while one holds the cluster's data
#                            replica: wait for the source, seed from it (CLONE, a physical backup streamed
#                            from a donor's seeding endpoint, or a logical copy, as decided by seedingMethod()
#                            in TypeScript), point GTID auto-positioned replication at it
#
# Fresh data is built in "$MYRIAD_DATADIR/.myriad-staging" under the marker "myriad-bootstrap.pending" and
# moved into place at the end; an interrupted bootstrap (marker still present) is discarded and redone.
# (Relocating a whole data directory offline is supported: InnoDB scans datadir at startup and updates the
# data dictionary, MySQL manual "Moving Tablespace Files While the Server is Offline"; binary and relay log
# indexes hold paths relative to datadir.)
# Exit status non-zero on any failure: Kubernetes restarts the init container with back-off.
# Sourcing this file only defines its functions (tests call the decisions); running it runs main.

MYRIAD_SCRIPT=init
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -u -o pipefail

# Marker and staging names (DATA_DIR_MARKERS in components/runtime/contract.ts).
MARKER_DONE=myriad-bootstrap.done
MARKER_PENDING=myriad-bootstrap.pending
MARKER_GROUP_BOOTSTRAP=myriad-group-bootstrap
STAGING_NAME=.myriad-staging
# The file a donor's seeding endpoint appends to a complete stream (seed-donor.sh).
SEED_COMPLETE_FILE=myriad-seed.complete

# ---------------------------------------------------------------------------------------------------------
# Decisions: pure functions of the gathered facts (arguments) and the planned configuration (MYRIAD_*
# variables). No I/O; tests/runtime/decide-bootstrap.test.ts runs them table-driven.
# ---------------------------------------------------------------------------------------------------------

# planned_role : primary | replica | group-bootstrap | group-member, from MYRIAD_MODE, MYRIAD_ROLE and
# MYRIAD_GROUP_BOOTSTRAP.
planned_role() {
    if [ "$MYRIAD_MODE" = group ]; then
        if [ "${MYRIAD_GROUP_BOOTSTRAP:-0}" = 1 ]; then echo group-bootstrap; else echo group-member; fi
    elif [ "$MYRIAD_ROLE" = replica ]; then
        echo replica
    else
        echo primary
    fi
}

# facts_needed DATADIR ROLE SEEDING : the facts that cost a wait, when the decision needs them: "peers" (an
# empty planned primary or group bootstrap member asks its peers first), "source" (an empty replica that
# has a seeding method), or nothing.
facts_needed() {
    [ "$1" = empty ] || return 0
    case "$2" in
        primary | group-bootstrap) echo peers ;;
        replica) case "$3" in clone | mariadb-backup | xtrabackup | logical) echo source ;; esac ;;
    esac
    return 0
}

# decide_peer_wait listed=0|1 peers=N holders=N pending=N expired=0|1 : one attempt of the peer survey.
# Prints holds (a peer holds data: stop at once), none (no peer exists), empty (every peer answered, none
# holds data), wait (ask again), unlisted (the peer list was never trusted) or unanswered (a peer never answered).
decide_peer_wait() {
    local listed=1 peers=0 holders=0 pending=0 expired=0 fact
    for fact in "$@"; do
        case "$fact" in
            listed=*) listed=${fact#*=} ;;
            peers=*) peers=${fact#*=} ;;
            holders=*) holders=${fact#*=} ;;
            pending=*) pending=${fact#*=} ;;
            expired=*) expired=${fact#*=} ;;
        esac
    done
    if [ "$holders" -gt 0 ]; then
        echo holds
    elif [ "$listed" = 1 ] && [ "$pending" -eq 0 ]; then
        if [ "$peers" -eq 0 ]; then echo none; else echo empty; fi
    elif [ "$expired" = 1 ]; then
        if [ "$listed" = 0 ]; then echo unlisted; else echo unanswered; fi
    else
        echo wait
    fi
}

# bootstrap_verdict VERDICT HOW REASON : the output line of decide_bootstrap.
bootstrap_verdict() {
    printf '%s\t%s\t%s\n' "$1" "$2" "$3"
}

# decide_bootstrap FACT=VALUE... : what init.sh does with this data directory. Prints one line
# "VERDICT<TAB>HOW<TAB>REASON":
#   adopt     -                                          existing data: re-assert, never copy or wipe
#   initialise primary | group-bootstrap | group-join    a new data directory (group-join: no new group)
#   seed      clone | mariadb-backup | xtrabackup | logical   a replica's copy of its source (or of a ready peer)
#   refuse    -                                          REASON says why and how to fix it
# Facts (each gathered only when the decision needs it, see facts_needed):
#   datadir=existing|empty|unknown  entries=NAMES                     gather_datadir
#   role=primary|replica|group-bootstrap|group-member                 planned_role
#   peers=none|empty|holds|unanswered|unlisted  peer_detail=TEXT       survey_peers
#   seeding=clone|mariadb-backup|xtrabackup|logical|none  seeding_reason=TEXT   MYRIAD_SEEDING (decided in TypeScript)
#   source=answers|unanswered  source_server_id=N  source_detail=TEXT  gather_source
# Configuration read: MYRIAD_DATADIR, MYRIAD_ROLE, MYRIAD_CLUSTER, MYRIAD_ORDINAL, MYRIAD_SERVER_ID,
# MYRIAD_PEER_SERVICE, MYRIAD_POD_IP, MYRIAD_PEER_WAIT_SECONDS, MYRIAD_SOURCE_HOST, MYRIAD_SOURCE_PORT,
# MYRIAD_SOURCE_WAIT_SECONDS.
decide_bootstrap() {
    local datadir="" entries="" role="" peers="" peer_detail="" seeding="" seeding_reason="" source="" source_server_id="" source_detail=""
    local fact dir=${MYRIAD_DATADIR%/} what fix_primary
    for fact in "$@"; do
        case "$fact" in
            datadir=*) datadir=${fact#*=} ;;
            entries=*) entries=${fact#*=} ;;
            role=*) role=${fact#*=} ;;
            peers=*) peers=${fact#*=} ;;
            peer_detail=*) peer_detail=${fact#*=} ;;
            seeding=*) seeding=${fact#*=} ;;
            seeding_reason=*) seeding_reason=${fact#*=} ;;
            source=*) source=${fact#*=} ;;
            source_server_id=*) source_server_id=${fact#*=} ;;
            source_detail=*) source_detail=${fact#*=} ;;
            *) bootstrap_verdict refuse - "internal error: unknown fact '$fact'"; return 0 ;;
        esac
    done

    case "$datadir" in
        existing)
            bootstrap_verdict adopt - "existing data directory: re-asserting accounts, role ($MYRIAD_ROLE) and replication source; no data is copied"
            return 0 ;;
        unknown)
            bootstrap_verdict refuse - "the data directory $dir has no 'mysql' schema but contains: $entries; refusing to initialise over unknown files (move them away, or restore the data directory)"
            return 0 ;;
        empty) ;;
        *) bootstrap_verdict refuse - "internal error: unknown data directory state '$datadir'"; return 0 ;;
    esac

    case "$role" in
        group-member)
            bootstrap_verdict initialise group-join "a group member other than the bootstrap member: initialising; it joins the group by distributed recovery"
            return 0 ;;
        replica)
            case "$seeding" in
                clone | mariadb-backup | xtrabackup | logical) ;;
                *) bootstrap_verdict refuse - "no seeding method for this replica: ${seeding_reason:-unknown}"; return 0 ;;
            esac
            case "$source" in
                answers) ;;
                unanswered)
                    bootstrap_verdict refuse - "the source $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT did not answer within ${MYRIAD_SOURCE_WAIT_SECONDS}s (last error: $source_detail); exiting so that Kubernetes retries"
                    return 0 ;;
                *) bootstrap_verdict refuse - "internal error: the source was not asked"; return 0 ;;
            esac
            if [ "$source_server_id" = "$MYRIAD_SERVER_ID" ]; then
                bootstrap_verdict refuse - "the source has the same server_id $source_server_id as this instance: replication would fail with 'equal server ids'"
                return 0
            fi
            case "$seeding" in
                mariadb-backup | xtrabackup)
                    bootstrap_verdict seed "$seeding" "seeding by a $seeding stream from a ready replica of $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT, else from the source itself (server_id $source_server_id)" ;;
                *) bootstrap_verdict seed "$seeding" "seeding from $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT (server_id $source_server_id) by $seeding copy" ;;
            esac
            return 0 ;;
        primary) what="the planned primary" ;;
        group-bootstrap) what="the group's bootstrap member" ;;
        *) bootstrap_verdict refuse - "internal error: unknown role '$role'"; return 0 ;;
    esac

    # An empty planned primary or group bootstrap member: what the peers hold decides.
    fix_primary="set 'primary:' to the ordinal of an instance that holds the data (it is adopted, not re-initialised), or restore this instance's data volume (claim data-$MYRIAD_CLUSTER-$MYRIAD_ORDINAL-0)"
    case "$peers" in
        none)
            bootstrap_verdict initialise "$role" "no peer exists (${MYRIAD_PEER_SERVICE:-MYRIAD_PEERS}); initialising as $what" ;;
        empty)
            bootstrap_verdict initialise "$role" "every peer answered and none holds data ($peer_detail); initialising as $what" ;;
        holds)
            if [ "$role" = group-bootstrap ]; then
                bootstrap_verdict initialise group-join "this data directory is empty but a peer holds the group's data: $peer_detail; initialising WITHOUT bootstrapping a new group (this member joins the existing group by distributed recovery)"
            else
                bootstrap_verdict refuse - "refusing to initialise an empty data directory as $what: peer(s) hold the cluster's data: $peer_detail; a new, empty primary would make the replicas follow an empty server. Fix: $fix_primary. Nothing was written to $dir."
            fi ;;
        unanswered)
            bootstrap_verdict refuse - "refusing to initialise an empty data directory as $what: cannot tell whether it holds data: peer(s) did not answer within ${MYRIAD_PEER_WAIT_SECONDS}s: $peer_detail. Fix: start it, or take it offline (offlineInstances) if it is gone; if it holds the cluster's data, $fix_primary. Nothing was written to $dir." ;;
        unlisted)
            bootstrap_verdict refuse - "refusing to initialise an empty data directory as $what: cannot tell whether peers hold data: the peer Service $MYRIAD_PEER_SERVICE did not list this pod's address ${MYRIAD_POD_IP:-} within ${MYRIAD_PEER_WAIT_SECONDS}s (cluster DNS not answering or not up to date). Fix: check the headless Service and cluster DNS; the init container retries. Nothing was written to $dir." ;;
        *) bootstrap_verdict refuse - "internal error: the peers were not asked" ;;
    esac
}

# decide_source_scope CURRENT_HOST CURRENT_PORT CURRENT_POSITIONING : how much of the replication
# configuration to assert, from the current channel (SHOW REPLICA STATUS columns; empty host: none).
# Prints "SCOPE<TAB>REASON": credentials (the channel already replicates from the planned source with GTID
# auto-positioning: keep its relay logs) or full (host, port, credentials and GTID positioning).
decide_source_scope() {
    local host=$1 port=$2 auto=$3
    if [ -z "$host" ]; then
        printf 'full\tconfiguring replication from %s:%s (GTID auto-positioning)\n' "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT"
    elif [ "$host" != "$MYRIAD_SOURCE_HOST" ] || [ "$port" != "$MYRIAD_SOURCE_PORT" ]; then
        printf 'full\tre-pointing replication from %s:%s to the planned source %s:%s\n' "$host" "$port" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT"
    elif myriad_gtid_positioned "$auto"; then
        printf 'credentials\treplication source is already %s:%s as planned; refreshing its credentials\n' "$host" "$port"
    else
        printf 'full\treplication source is %s:%s as planned, but positioned by binary log file/position (%s=%s): re-asserting the full configuration with GTID auto-positioning\n' \
            "$host" "$port" "$MYRIAD_COL_AUTO_POSITION" "${auto:-absent}"
    fi
}

# version_parts TEXT : "MAJOR MINOR PATCH" of a version string (10.11.19-MariaDB-0+deb12u1 -> 10 11 19), or nothing.
version_parts() {
    local v=${1%%[!0-9.]*}
    [[ "$v" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]] || return 0
    printf '%s %s %s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
}

# decide_seed_donor own=VERSION kind=replica|source answers=0|1 version=VERSION io=TEXT sql=TEXT lag=N :
# whether a candidate may be the donor of a physical stream. Prints "use<TAB>REASON" or "skip<TAB>REASON".
# The backup is prepared by this instance's tool, so the donor runs the same release series as this server,
# not a newer patch (the rule of physicalAllowed in components/compat/seeding.ts, here on the versions the
# servers report). A replica must replicate (both threads running) within MYRIAD_MAX_LAG_SECONDS; the source
# only has to answer. Pure.
decide_seed_donor() {
    local own="" kind="" answers=0 version="" io="" sql="" lag="" fact o d
    for fact in "$@"; do
        case "$fact" in
            own=*) own=${fact#*=} ;;
            kind=*) kind=${fact#*=} ;;
            answers=*) answers=${fact#*=} ;;
            version=*) version=${fact#*=} ;;
            io=*) io=${fact#*=} ;;
            sql=*) sql=${fact#*=} ;;
            lag=*) lag=${fact#*=} ;;
        esac
    done
    if [ "$answers" != 1 ]; then printf 'skip\tdoes not answer\n'; return 0; fi
    read -r -a o <<<"$(version_parts "$own")"
    read -r -a d <<<"$(version_parts "$version")"
    if [ "${#o[@]}" -ne 3 ] || [ "${#d[@]}" -ne 3 ]; then printf 'skip\tunreadable version (%s, this server %s)\n' "$version" "$own"; return 0; fi
    if [ "${d[0]}.${d[1]}" != "${o[0]}.${o[1]}" ]; then printf 'skip\truns %s, another release series than this server (%s)\n' "$version" "$own"; return 0; fi
    if [ "${d[2]}" -gt "${o[2]}" ]; then printf 'skip\truns %s, newer than this server (%s)\n' "$version" "$own"; return 0; fi
    if [ "$kind" = source ]; then printf 'use\tthe source (%s)\n' "$version"; return 0; fi
    if [ "$io" != Yes ] || [ "$sql" != Yes ]; then printf 'skip\tnot a running replica (IO %s, SQL %s)\n' "${io:-none}" "${sql:-none}"; return 0; fi
    if ! [[ "$lag" =~ ^[0-9]+$ ]] || [ "$lag" -gt "${MYRIAD_MAX_LAG_SECONDS:-0}" ]; then printf 'skip\tlags %ss (at most %ss)\n' "${lag:-unknown}" "${MYRIAD_MAX_LAG_SECONDS:-0}"; return 0; fi
    printf 'use\ta ready replica (%s, %ss behind)\n' "$version" "$lag"
}

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
    local channel="" old="" old_detail="" writable="" fact
    for fact in "$@"; do
        case "$fact" in
            channel=*) channel=${fact#*=} ;;
            old=*) old=${fact#*=} ;;
            old_detail=*) old_detail=${fact#*=} ;;
            writable=*) writable=${fact#*=} ;;
            *) printf 'refuse\tinternal error: unknown fact %s\n' "$fact"; return 0 ;;
        esac
    done
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
    local step="" reached="" unapplied="" lag="" errant="" ahead="" source="" fact state fix
    for fact in "$@"; do
        case "$fact" in
            step=*) step=${fact#*=} ;;
            reached=*) reached=${fact#*=} ;;
            missing=*) unapplied=${fact#*=} ;;
            lag=*) lag=${fact#*=} ;;
            errant=*) errant=${fact#*=} ;;
            ahead=*) ahead=${fact#*=} ;;
            source=*) source=${fact#*=} ;;
            *) printf 'refuse\tinternal error: unknown fact %s\n' "$fact"; return 0 ;;
        esac
    done
    [ "${#unapplied}" -le 200 ] || unapplied="${unapplied:0:200}..."
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
                "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS" "${unapplied:-unknown}" "${lag:-unknown}" "$state" "$fix"
        else
            fix="let this replica catch up (lower the write load or fix its replication) and run the rollout again (the init container retries), raise MYRIAD_SWITCHOVER_TIMEOUT_SECONDS, or set primary: back to the old primary's ordinal"
            printf 'refuse\tswitchover refused: this instance did not apply every transaction of the old primary %s within %ss (lag: %s s behind, not applied yet: %s); nothing was promoted and %s. Fix: %s\n' \
                "$source" "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS" "${lag:-unknown}" "${unapplied:-unknown}" "$state" "$fix"
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
# Gathering: facts about the data directory, the peers and the source (reads, waits; writes nothing)
# ---------------------------------------------------------------------------------------------------------

# Files that may exist in an otherwise empty volume.
is_ignorable_entry() {
    case "$1" in
        lost+found | "$STAGING_NAME" | "$MARKER_PENDING" | mysqld.sock | mysqld.sock.lock) return 0 ;;
        *) return 1 ;;
    esac
}

# gather_datadir : sets DATADIR_STATE (existing: a 'mysql' schema or the done marker; empty; unknown: other
# files) and DATADIR_ENTRIES (the unknown files).
DATADIR_STATE=""
DATADIR_ENTRIES=""
gather_datadir() {
    local entry name unexpected=()
    DATADIR_ENTRIES=""
    if [ -d "$DATADIR/mysql" ] || [ -f "$DONE" ]; then
        DATADIR_STATE=existing
        return 0
    fi
    for entry in "$DATADIR"/* "$DATADIR"/.[!.]*; do
        [ -e "$entry" ] || continue
        name=$(basename "$entry")
        is_ignorable_entry "$name" || unexpected+=("$name")
    done
    if [ "${#unexpected[@]}" -gt 0 ]; then
        DATADIR_STATE=unknown
        DATADIR_ENTRIES="${unexpected[*]}"
    else
        DATADIR_STATE=empty
    fi
}

# peer_facts HOST PORT : asks a peer (root over TCP) what it holds; prints one line
# "report_host<TAB>server_id<TAB>GTID set<TAB>user schemas (comma-separated)". The GTID set is the executed
# one (MySQL family gtid_executed, MariaDB gtid_current_pos); user schemas exclude the system ones.
peer_facts() {
    local gtid_var='@@GLOBAL.gtid_executed'
    [ "$MYRIAD_GTID" = mariadb ] && gtid_var='@@GLOBAL.gtid_current_pos'
    myriad_remote "$ROOT_CNF" "$1" "$2" <<SQL
SELECT IFNULL(@@GLOBAL.report_host, ''), @@GLOBAL.server_id, REPLACE(REPLACE(IFNULL($gtid_var, ''), CHAR(10), ''), ' ', ''),
  IFNULL((SELECT GROUP_CONCAT(schema_name ORDER BY schema_name SEPARATOR ',') FROM information_schema.schemata
          WHERE schema_name NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema', 'lost+found')
            AND schema_name NOT LIKE '#%'), '');
SQL
}

# describe_peer KEY FACTS : "host:port (report_host R, server_id N)".
describe_peer() {
    local rh sid
    rh=$(printf '%s' "$2" | cut -f1)
    sid=$(printf '%s' "$2" | cut -f2)
    printf '%s (report_host %s, server_id %s)' "$1" "${rh:-?}" "${sid:-?}"
}

# describe_holding FACTS : what a peer holds ("GTID set ...; schemas ..."), or nothing when it holds no data.
describe_holding() {
    local gtid schemas out=""
    gtid=$(printf '%s' "$1" | cut -f3)
    schemas=$(printf '%s' "$1" | cut -f4)
    if [ -n "$gtid" ]; then
        [ "${#gtid}" -le 120 ] || gtid="${gtid:0:120}... (truncated)"
        out="GTID set $gtid"
    fi
    if [ -n "$schemas" ]; then
        [ "${#schemas}" -le 120 ] || schemas="${schemas:0:120}... (truncated)"
        out="${out:+$out; }schemas $schemas"
    fi
    printf '%s' "$out"
}

# survey_peers : asks every peer that exists whether it holds data, before an empty planned primary (or
# group bootstrap member) initialises. Retries a peer that does not answer (it may hold data and still be
# in crash recovery) for MYRIAD_PEER_WAIT_SECONDS, pausing MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS; stops at once
# when one holds data. Sets PEERS_VERDICT (decide_peer_wait: none, empty, holds, unanswered, unlisted) and
# PEERS_DETAIL (the peers asked, the holders and what they hold, or the peers that did not answer).
PEERS_VERDICT=""
PEERS_DETAIL=""
survey_peers() {
    local deadline peers host port key facts holding attempt=0 listed expired verdict err p
    local -A answered=() lasterr=()
    local -a pending=() holders=()
    deadline=$(myriad_deadline "$MYRIAD_PEER_WAIT_SECONDS")
    myriad_temp_workdir
    err="$MYRIAD_TEMP_DIR/peer.err"
    while :; do
        attempt=$((attempt + 1))
        pending=()
        holders=()
        if peers=$(list_peers); then
            listed=1
        else
            listed=0
            peers=""
        fi
        while read -r host port; do
            [ -n "$host" ] || continue
            key="$host:$port"
            if [ -z "${answered[$key]+x}" ]; then
                if facts=$(peer_facts "$host" "$port" 2>"$err"); then
                    answered[$key]=$facts
                else
                    lasterr[$key]=$(tr '\n\t' '  ' <"$err" | cut -c1-200)
                    pending+=("$key")
                    continue
                fi
            fi
            holding=$(describe_holding "${answered[$key]}")
            [ -z "$holding" ] || holders+=("$(describe_peer "$key" "${answered[$key]}") holds $holding")
        done <<<"$peers"
        expired=0
        [ "$SECONDS" -lt "$deadline" ] || expired=1
        verdict=$(decide_peer_wait listed="$listed" peers="$(printf '%s' "$peers" | grep -c .)" holders="${#holders[@]}" pending="${#pending[@]}" expired="$expired")
        case "$verdict" in
            holds)
                PEERS_DETAIL=$(printf '%s; ' "${holders[@]}")
                PEERS_DETAIL=${PEERS_DETAIL%; } ;;
            empty) PEERS_DETAIL=$(printf '%s' "$peers" | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $1, $2 }') ;;
            unanswered)
                PEERS_DETAIL=""
                for p in "${pending[@]}"; do PEERS_DETAIL="${PEERS_DETAIL:+$PEERS_DETAIL; }$p (last error: ${lasterr[$p]:-none})"; done ;;
            none | unlisted) PEERS_DETAIL="" ;;
            wait)
                if [ "$listed" = 0 ]; then
                    myriad_log "waiting for the peer Service $MYRIAD_PEER_SERVICE to list this pod (${MYRIAD_POD_IP:-}) (attempt $attempt)"
                else
                    myriad_log "waiting for peer(s) ${pending[*]} to answer whether they hold data (attempt $attempt): ${lasterr[${pending[0]}]:-}"
                fi
                sleep "$MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS"
                continue ;;
        esac
        PEERS_VERDICT=$verdict
        return 0
    done
}

# gather_source : waits (bounded by MYRIAD_SOURCE_WAIT_SECONDS) until the source answers with the root
# credentials. Sets SOURCE_VERDICT (answers, unanswered), SOURCE_SERVER_ID and SOURCE_DETAIL (its version, or
# the last error).
SOURCE_VERDICT=""
SOURCE_SERVER_ID=""
SOURCE_DETAIL=""
gather_source() {
    local deadline attempt=0 out err
    myriad_require MYRIAD_SOURCE_HOST MYRIAD_SOURCE_PORT
    deadline=$(myriad_deadline "$MYRIAD_SOURCE_WAIT_SECONDS")
    myriad_temp_workdir
    err="$MYRIAD_TEMP_DIR/source.err"
    while :; do
        attempt=$((attempt + 1))
        if out=$(printf 'SELECT @@GLOBAL.server_id, @@GLOBAL.version;\n' | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" 2>"$err"); then
            SOURCE_VERDICT=answers
            SOURCE_SERVER_ID=$(printf '%s' "$out" | cut -f1)
            SOURCE_DETAIL=$(printf '%s' "$out" | cut -f2)
            myriad_log "source answers: server_id $SOURCE_SERVER_ID, version $SOURCE_DETAIL"
            return 0
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            SOURCE_VERDICT=unanswered
            SOURCE_DETAIL=$(tr '\n' ' ' <"$err")
            return 0
        fi
        myriad_log "waiting for the source $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT (attempt $attempt): $(tr '\n' ' ' <"$err")"
        sleep "$MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS"
    done
}

# current_source : reads the temporary server's replication channel into CURRENT_SOURCE_HOST,
# CURRENT_SOURCE_PORT and CURRENT_SOURCE_POSITIONING (empty when none is configured).
CURRENT_SOURCE_HOST=""
CURRENT_SOURCE_PORT=""
CURRENT_SOURCE_POSITIONING=""
current_source() {
    local status
    status=$(printf '%s;\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS" | myriad_temp_sql "$ROOT_CNF" --column-names | myriad_replica_status_pairs) \
        || myriad_die "cannot read the replication status"
    CURRENT_SOURCE_HOST=$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_SOURCE_HOST")
    CURRENT_SOURCE_PORT=$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_SOURCE_PORT")
    CURRENT_SOURCE_POSITIONING=$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_AUTO_POSITION")
}

# ---------------------------------------------------------------------------------------------------------
# Actions: initialisation and accounts
# ---------------------------------------------------------------------------------------------------------

# The output of a failed initialisation: the server's own error lines first (a server that refuses an option
# says so once, at the top, before a page of generic advice), then the last lines.
show_failed_log() {
    local log=$1
    grep -E '\[ERROR\]|unknown (variable|option)' "$log" | head -n 5 | sed 's/^/server error: /' >&2 || true
    tail -n 30 "$log" >&2
}

initialise_datadir() {
    local dir=$1 extra bin log="$MYRIAD_TEMP_DIR/initialise.log"
    extra=$(myriad_server_extra_args)
    mkdir -p "$dir" || myriad_die "cannot create $dir"
    case "$MYRIAD_INIT_METHOD" in
        "mysqld --initialize-insecure")
            bin=$(myriad_server_bin) || exit 1
            myriad_log "initialising $dir with $bin --initialize-insecure"
            # --plugin-load= : plugins are loaded by the real server, not during initialisation.
            # shellcheck disable=SC2086
            "$bin" --defaults-file="$MYRIAD_CONFIG" --initialize-insecure --datadir="$dir" --plugin-load= \
                ${MYRIAD_TEMP_SERVER_ARGS:-} $extra >"$log" 2>&1 || { show_failed_log "$log"; myriad_die "initialisation failed"; }
            ;;
        mariadb-install-db | mysql_install_db)
            bin=$MYRIAD_INIT_METHOD
            command -v "$bin" >/dev/null 2>&1 || bin=mysql_install_db
            myriad_log "initialising $dir with $bin"
            # shellcheck disable=SC2086
            "$bin" --defaults-file="$MYRIAD_CONFIG" --datadir="$dir" ${MYRIAD_INIT_OPTIONS:-} \
                ${MYRIAD_TEMP_SERVER_ARGS:-} $extra >"$log" 2>&1 || { show_failed_log "$log"; myriad_die "initialisation failed"; }
            ;;
        *) myriad_die "unknown MYRIAD_INIT_METHOD '$MYRIAD_INIT_METHOD'" ;;
    esac
}

# The CREATE/ALTER clause of an account's password, with the plugin where one is forced (MySQL family only).
identified() {
    local plugin=$1 password=$2
    if [ -n "$plugin" ] && [ "$MYRIAD_GTID" = mysql ]; then
        printf 'IDENTIFIED WITH %s BY %s' "$plugin" "$(myriad_sql_string "$password")"
    else
        printf 'IDENTIFIED BY %s' "$(myriad_sql_string "$password")"
    fi
}

# SQL that creates or re-asserts root, myriad_repl and myriad_monitor. Local only: sql_log_bin=0, so the
# accounts never create GTIDs of their own (no errant transactions on replicas, none for group joins).
# With $1 = with-role, root first enables the replica-writer role: re-granting ALL PRIVILEGES needs the
# READ_ONLY ADMIN that root no longer holds itself (MariaDB 10.11.0+).
accounts_sql() {
    local root repl monitor
    root=$(myriad_secret root-password) || exit 1
    repl=$(myriad_secret replication-password) || exit 1
    monitor=$(myriad_secret monitor-password) || exit 1
    [ "${1:-}" = with-role ] && printf "SET ROLE '%s';\n" "$MYRIAD_REPLICA_WRITER_ROLE"
    cat <<SQL
SET SESSION sql_log_bin = 0;
SET SESSION sql_mode = '';
CREATE USER IF NOT EXISTS 'root'@'localhost' $(identified "" "$root");
ALTER USER 'root'@'localhost' $(identified "" "$root");
GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'root'@'%' $(identified "" "$root");
ALTER USER 'root'@'%' $(identified "" "$root");
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'myriad_repl'@'%' $(identified "${MYRIAD_REPL_AUTH_PLUGIN:-}" "$repl");
ALTER USER 'myriad_repl'@'%' $(identified "${MYRIAD_REPL_AUTH_PLUGIN:-}" "$repl");
GRANT $MYRIAD_REPL_PRIVILEGES ON *.* TO 'myriad_repl'@'%';
CREATE USER IF NOT EXISTS 'myriad_monitor'@'%' $(identified "" "$monitor");
ALTER USER 'myriad_monitor'@'%' $(identified "" "$monitor");
GRANT $MYRIAD_MONITOR_PRIVILEGES ON *.* TO 'myriad_monitor'@'%';
GRANT SELECT ON performance_schema.* TO 'myriad_monitor'@'%';
SQL
    admin_write_guard_sql
}

# MariaDB 10.11.0+ (MYRIAD_ADMIN_REVOKE set): root gives up READ_ONLY ADMIN, so read_only refuses its writes on
# a replica; the privilege lives in a role granted to root but never made a default role, which an operator
# enables deliberately for one session (SET ROLE). MySQL and Percona need nothing: super_read_only binds root.
admin_write_guard_sql() {
    [ -n "${MYRIAD_ADMIN_REVOKE:-}" ] || return 0
    myriad_require MYRIAD_REPLICA_WRITER_ROLE
    cat <<SQL
REVOKE $MYRIAD_ADMIN_REVOKE ON *.* FROM 'root'@'localhost';
REVOKE $MYRIAD_ADMIN_REVOKE ON *.* FROM 'root'@'%';
CREATE ROLE IF NOT EXISTS '$MYRIAD_REPLICA_WRITER_ROLE';
GRANT $MYRIAD_ADMIN_REVOKE ON *.* TO '$MYRIAD_REPLICA_WRITER_ROLE';
GRANT '$MYRIAD_REPLICA_WRITER_ROLE' TO 'root'@'localhost';
GRANT '$MYRIAD_REPLICA_WRITER_ROLE' TO 'root'@'%';
SET DEFAULT ROLE NONE FOR 'root'@'localhost';
SET DEFAULT ROLE NONE FOR 'root'@'%';
SQL
}

# Drops accounts a fresh initialisation creates without a password: anonymous users and root@<other hosts>
# (MariaDB's installer creates root@127.0.0.1, root@::1 and root@<hostname>).
# Runs on a freshly initialised server, whose root@localhost has no password yet.
drop_default_accounts() {
    local stmts
    stmts=$(printf "SELECT CONCAT('DROP USER ', QUOTE(user), '@', QUOTE(host), ';') FROM mysql.user WHERE user = '' OR (user = 'root' AND host NOT IN ('localhost', '%%'));\n" \
        | myriad_temp_sql /dev/null --user=root) || myriad_die "cannot list default accounts"
    [ -z "$stmts" ] && return 0
    myriad_log "dropping passwordless default accounts: $(printf '%s' "$stmts" | tr '\n' ' ')"
    { echo "SET SESSION sql_log_bin = 0;"; printf '%s\n' "$stmts"; } | myriad_temp_sql /dev/null --user=root || myriad_die "cannot drop default accounts"
}

# On a freshly initialised server (root without password): secure it and create the accounts. The installer's
# 'test' schema (older MariaDB installers create it) goes too: nobody has data in a fresh server.
secure_fresh_server() {
    drop_default_accounts
    printf 'SET SESSION sql_log_bin = 0;\nDROP DATABASE IF EXISTS test;\n' | myriad_temp_sql /dev/null --user=root || myriad_die "cannot drop the test schema"
    accounts_sql | myriad_temp_sql /dev/null --user=root || myriad_die "cannot create the accounts"
    myriad_log "accounts root, myriad_repl, myriad_monitor created (not binary-logged)"
}

# decide_account_role ADMIN_REVOKE ROLE_GRANTED : prints with-role when root must enable the replica-writer
# role before re-asserting the accounts (root gave up READ_ONLY ADMIN and holds the role), nothing otherwise.
decide_account_role() {
    [ -n "$1" ] && [ "$2" = 1 ] && echo with-role
    return 0
}

ensure_accounts() {
    local granted=0 mode
    if [ -n "${MYRIAD_ADMIN_REVOKE:-}" ]; then
        granted=$(printf "SELECT COUNT(*) FROM information_schema.APPLICABLE_ROLES WHERE ROLE_NAME = %s;\n" \
            "$(myriad_sql_string "$MYRIAD_REPLICA_WRITER_ROLE")" | myriad_temp_sql "$ROOT_CNF") \
            || myriad_die "cannot read root's roles (does root-password match the server's root password?)"
    fi
    mode=$(decide_account_role "${MYRIAD_ADMIN_REVOKE:-}" "$granted")
    accounts_sql "$mode" | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot re-assert the accounts (does root-password match the server's root password?)"
    myriad_log "accounts re-asserted (not binary-logged)"
}

# ---------------------------------------------------------------------------------------------------------
# Actions: replication source
# ---------------------------------------------------------------------------------------------------------

# CHANGE ... TO for the planned source. With $1 = full: host, port, credentials and GTID positioning;
# otherwise credentials only (keeps the relay logs when the source did not change).
change_source_sql() {
    local scope=$1 repl p=$MYRIAD_SQL_SOURCE_PREFIX opts
    repl=$(myriad_secret replication-password) || exit 1
    opts="${p}_USER='myriad_repl', ${p}_PASSWORD=$(myriad_sql_string "$repl")"
    if [ "$scope" = full ]; then
        opts="${p}_HOST=$(myriad_sql_string "$MYRIAD_SOURCE_HOST"), ${p}_PORT=$MYRIAD_SOURCE_PORT, $opts, ${p}_CONNECT_RETRY=10"
        [ -z "${MYRIAD_SQL_SOURCE_OPTIONS:-}" ] || opts="$opts, $MYRIAD_SQL_SOURCE_OPTIONS"
    fi
    printf "SET SESSION sql_mode = '';\n%s %s;\n" "$MYRIAD_SQL_CHANGE_SOURCE" "$opts"
}

# Points replication at the planned source on the temporary server (threads stay stopped; post-start.sh
# starts them once the real server runs). decide_source_scope says whether the credentials suffice.
configure_source() {
    local decision scope reason
    myriad_require MYRIAD_SOURCE_HOST MYRIAD_SOURCE_PORT MYRIAD_COL_AUTO_POSITION
    current_source
    decision=$(decide_source_scope "$CURRENT_SOURCE_HOST" "$CURRENT_SOURCE_PORT" "$CURRENT_SOURCE_POSITIONING")
    IFS=$'\t' read -r scope reason <<<"$decision"
    myriad_log "$reason"
    {
        printf '%s;\n' "$MYRIAD_SQL_STOP_REPLICA"
        # MariaDB: start from gtid_current_pos, which equals gtid_slave_pos on a replica and also covers a
        # demoted primary's own transactions (MariaDB KB "GTID": use current_pos for a former primary).
        if [ "$scope" = full ] && [ "$MYRIAD_GTID" = mariadb ]; then
            printf 'SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_current_pos;\n'
        fi
        change_source_sql "$scope"
    } | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot configure the replication source"
}

# A primary must not replicate from anyone: drop a leftover replication configuration.
clear_source() {
    local rows
    rows=$(printf '%s;\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS" | myriad_temp_sql "$ROOT_CNF") || myriad_die "cannot read the replication status"
    [ -z "$rows" ] && return 0
    myriad_log "this instance is the planned primary but has a replication configuration: removing it ($MYRIAD_SQL_RESET_REPLICA_ALL)"
    printf '%s;\n%s;\n' "$MYRIAD_SQL_STOP_REPLICA" "$MYRIAD_SQL_RESET_REPLICA_ALL" | myriad_temp_sql "$ROOT_CNF" \
        || myriad_die "cannot remove the replication configuration"
}

# Group Replication's recovery channel authenticates with the replication account.
configure_group_recovery() {
    local repl p=$MYRIAD_SQL_SOURCE_PREFIX
    repl=$(myriad_secret replication-password) || exit 1
    printf "SET SESSION sql_mode = '';\n%s %s_USER='myriad_repl', %s_PASSWORD=%s FOR CHANNEL 'group_replication_recovery';\n" \
        "$MYRIAD_SQL_CHANGE_SOURCE" "$p" "$p" "$(myriad_sql_string "$repl")" | myriad_temp_sql "$ROOT_CNF" \
        || myriad_die "cannot configure the group_replication_recovery channel"
    myriad_log "group_replication_recovery channel uses myriad_repl"
}

# Persisted variables (MySQL 8.0+ mysqld-auto.cnf) are read after my.cnf and would override the role.
reset_persisted_role() {
    [ "${MYRIAD_PERSISTED_VARIABLES:-0}" = 1 ] || return 0
    printf 'RESET PERSIST IF EXISTS super_read_only;\nRESET PERSIST IF EXISTS read_only;\n' | myriad_temp_sql "$ROOT_CNF" \
        || myriad_die "cannot reset persisted read-only settings"
}

# ---------------------------------------------------------------------------------------------------------
# Actions: the planned primary (switchover, failover; docs/upgrading.md#switchover)
# ---------------------------------------------------------------------------------------------------------

# temp_query SQL : one query on the temporary server as root; prints its rows.
temp_query() {
    printf "SET SESSION sql_mode = '';\n%s\n" "$1" | myriad_temp_sql "$ROOT_CNF"
}

# own_gtid_state : this instance's GTID state (temporary server): MySQL family gtid_executed; MariaDB
# "gtid_binlog_state<TAB>gtid_current_pos<TAB>gtid_slave_pos".
own_gtid_state() {
    if [ "$MYRIAD_GTID" = mariadb ]; then
        temp_query 'SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_slave_pos;'
    else
        temp_query "SELECT REPLACE(@@GLOBAL.gtid_executed, CHAR(10), '');"
    fi
}

# remote_gtid_state HOST PORT : a peer's GTID state as root: MySQL family gtid_executed; MariaDB
# "gtid_binlog_state<TAB>gtid_current_pos<TAB>gtid_binlog_pos".
remote_gtid_state() {
    if [ "$MYRIAD_GTID" = mariadb ]; then
        printf 'SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_binlog_pos;\n'
    else
        printf "SELECT REPLACE(@@GLOBAL.gtid_executed, CHAR(10), '');\n"
    fi | myriad_remote "$ROOT_CNF" "$1" "$2"
}

# lacking STATE_A STATE_B : the GTIDs of state A (own_gtid_state or remote_gtid_state) missing from state B
# (empty when none). MySQL family: GTID_SUBTRACT on the temporary server; MariaDB: mariadb_errant (lib.sh).
lacking() {
    if [ "$MYRIAD_GTID" = mariadb ]; then
        mariadb_errant "$(printf '%s' "$1" | cut -f1)" "$(printf '%s' "$1" | cut -f2)" "$(printf '%s' "$2" | cut -f1)" "$(printf '%s' "$2" | cut -f2)"
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
FENCE_IN=""
FENCE_OUT=""
FENCE_PID=""
FENCE_N=0
FENCE_REVOKED=()

# fence_send SQL : runs SQL in the fencing session; prints its rows; returns 1 when the session failed.
fence_send() {
    local line marker
    FENCE_N=$((FENCE_N + 1))
    marker="myriad-fence-$$-$FENCE_N"
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
        fence_send 'SELECT @@GLOBAL.gtid_binlog_state, @@GLOBAL.gtid_current_pos, @@GLOBAL.gtid_binlog_pos;'
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
    local host=$1 port=$2 sql rows grantee priv
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
            FENCE_REVOKED+=("$priv"$'\t'"$grantee")
        done <<<"$rows"
        [ "${#FENCE_REVOKED[@]}" -eq 0 ] || myriad_log "revoked for the switchover (not binary-logged): $(printf '%s; ' "${FENCE_REVOKED[@]}" | tr '\t' ' ')"
    fi
    kill_clients "$host" "$port" || return 1
    myriad_log "fenced the old primary $host:$port: read_only=ON$([ "$MYRIAD_READ_ONLY_VAR" = super_read_only ] && printf ', super_read_only=ON'), client connections ended"
}

# fence_close undo|keep : ends the fencing session. Privileges revoked for the switchover are granted back
# either way (a persistent revocation would keep the old primary's own bootstrap from re-asserting its
# accounts); undo also makes the old primary writable again (nothing was promoted).
fence_close() {
    local entry priv grantee failed=0
    for entry in "${FENCE_REVOKED[@]}"; do
        IFS=$'\t' read -r priv grantee <<<"$entry"
        fence_send "GRANT $priv ON *.* TO $grantee;" >/dev/null || { failed=1; myriad_log "WARNING: could not grant $priv back to $grantee on the old primary: $(tr '\n' ' ' <"$MYRIAD_TEMP_DIR/fence.err" 2>/dev/null)"; }
    done
    FENCE_REVOKED=()
    if [ "$1" = undo ]; then
        if fence_send "SET GLOBAL read_only = OFF;" >/dev/null || { [ -z "${MYRIAD_REPLICA_WRITER_ROLE:-}" ] || printf "SET ROLE '%s';\n" "$MYRIAD_REPLICA_WRITER_ROLE"; printf 'SET GLOBAL read_only = OFF;\n'; } | myriad_remote "$ROOT_CNF" "$CURRENT_SOURCE_HOST" "$CURRENT_SOURCE_PORT"; then
            myriad_log "unfenced the old primary $CURRENT_SOURCE_HOST:$CURRENT_SOURCE_PORT (read_only=OFF): it accepts writes again"
        else
            myriad_log "WARNING: could not unfence the old primary $CURRENT_SOURCE_HOST:$CURRENT_SOURCE_PORT: it stays read-only"
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

# refuse_promotion REASON [undo] : ends the fencing session (unfencing the old primary with undo), stops
# replication on the temporary server, and dies with REASON.
refuse_promotion() {
    [ -z "${2:-}" ] || fence_close undo
    printf '%s;\n' "$MYRIAD_SQL_STOP_REPLICA" | myriad_temp_sql "$ROOT_CNF" >/dev/null 2>&1
    myriad_die "$1"
}

# promote : the temporary server stops replicating and forgets its source; the real server then starts as the
# primary (read-only until post-start.sh has checked that no other instance accepts writes).
promote() {
    printf '%s;\n%s;\n' "$MYRIAD_SQL_STOP_REPLICA" "$MYRIAD_SQL_RESET_REPLICA_ALL" | myriad_temp_sql "$ROOT_CNF" \
        || myriad_die "cannot remove the replication configuration"
    myriad_log "promoted: replication from $CURRENT_SOURCE_HOST:$CURRENT_SOURCE_PORT removed; mysqld starts as the primary (post-start.sh opens writes)"
}

# verdict_of DECISION : splits a decision line into VERDICT and REASON.
VERDICT=""
REASON=""
verdict_of() {
    IFS=$'\t' read -r VERDICT REASON <<<"$1"
}

# switchover : the old primary answers. Catch up while it still takes writes, fence it, apply what it
# executed up to the fence, check for errant transactions, promote; on any refusal, unfence it.
switchover() {
    local src="$CURRENT_SOURCE_HOST:$CURRENT_SOURCE_PORT" old reached errant lag=""
    # Dirty pages flushed ahead: the temporary server's shutdown, inside the write pause, has less to write.
    printf 'SET GLOBAL innodb_max_dirty_pages_pct = 0;\n%s;\n' "$MYRIAD_SQL_START_REPLICA" | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot start replication from $src"
    old=$(remote_gtid_state "$CURRENT_SOURCE_HOST" "$CURRENT_SOURCE_PORT") || myriad_die "cannot read the GTID state of the old primary $src"
    IFS=$'\t' read -r reached errant <<<"$(wait_applied "$old" "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS")"
    [ "$reached" = 1 ] || lag=$(replica_column "$MYRIAD_COL_LAG")
    verdict_of "$(decide_promote step=catch-up reached="$reached" missing="$([ "$reached" = 1 ] || not_applied "$old")" lag="$lag" source="$src")"
    [ "$VERDICT" = next ] || refuse_promotion "$REASON"
    myriad_log "$REASON"
    fence_old "$CURRENT_SOURCE_HOST" "$CURRENT_SOURCE_PORT" \
        || refuse_promotion "switchover refused: cannot fence the old primary $src: $(tr '\n' ' ' <"$MYRIAD_TEMP_DIR/fence.err" 2>/dev/null); nothing was promoted" undo
    old=$(fence_gtid_state) || refuse_promotion "cannot read the GTID state of the fenced old primary $src; nothing was promoted" undo
    IFS=$'\t' read -r reached errant <<<"$(wait_applied "$old" "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS")"
    [ "$reached" = 1 ] || lag=$(replica_column "$MYRIAD_COL_LAG")
    verdict_of "$(decide_promote step=fenced reached="$reached" missing="$([ "$reached" = 1 ] || not_applied "$old")" lag="$lag" errant="$errant" source="$src")"
    [ "$VERDICT" = promote ] || refuse_promotion "$REASON" undo
    myriad_log "$REASON"
    promote
    fence_close keep
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

# failover : the old primary does not answer. Apply the relay log, refuse when a reachable replica is more
# advanced, promote.
failover() {
    local src="$CURRENT_SOURCE_HOST:$CURRENT_SOURCE_PORT" reached own ahead="" lag
    reached=$(relay_applied "$MYRIAD_SWITCHOVER_TIMEOUT_SECONDS")
    lag=$(replica_column "$MYRIAD_COL_LAG")
    printf '%s;\n' "$MYRIAD_SQL_STOP_REPLICA" | myriad_temp_sql "$ROOT_CNF" >/dev/null 2>&1
    if [ "$reached" = 1 ]; then
        own=$(own_gtid_state) || myriad_die "cannot read this instance's GTID state"
        ahead=$(ahead_peers "$own" "$OLD_SERVER_ID")
    fi
    verdict_of "$(decide_promote step=relay reached="$reached" missing="$([ "$reached" = 1 ] || replica_column Replica_SQL_Running_State Slave_SQL_Running_State)" lag="$lag" ahead="$ahead" source="$src")"
    [ "$VERDICT" = promote ] || myriad_die "$REASON"
    myriad_log "$REASON"
    promote
}

# old_source_facts : asks the current source for its server_id, three times a second apart (a blip is not a
# failover). Sets OLD_VERDICT (answers, unanswered), OLD_SERVER_ID and OLD_DETAIL.
OLD_VERDICT=""
OLD_SERVER_ID=""
OLD_DETAIL=""
old_source_facts() {
    local out attempt err="$MYRIAD_TEMP_DIR/old-source.err"
    for attempt in 1 2 3; do
        if out=$(printf 'SELECT @@GLOBAL.server_id, @@GLOBAL.version;\n' | myriad_remote "$ROOT_CNF" "$CURRENT_SOURCE_HOST" "$CURRENT_SOURCE_PORT" 2>"$err"); then
            OLD_VERDICT=answers
            OLD_SERVER_ID=$(printf '%s' "$out" | cut -f1)
            OLD_DETAIL="server_id $OLD_SERVER_ID, version $(printf '%s' "$out" | cut -f2)"
            return 0
        fi
        [ "$attempt" = 3 ] || sleep 1
    done
    OLD_VERDICT=unanswered
    OLD_DETAIL=$(tr '\n' ' ' <"$err" | cut -c1-200)
}

# assume_primary : the planned primary on existing data: keep being the primary, or take over from the source
# it replicates from (decide_promotion).
assume_primary() {
    local channel="" old=- writable
    current_source
    if [ -n "$CURRENT_SOURCE_HOST" ]; then
        channel="$CURRENT_SOURCE_HOST:$CURRENT_SOURCE_PORT"
        old_source_facts
        old=$OLD_VERDICT
    fi
    writable=$(writable_peers "${OLD_SERVER_ID:-none}")
    verdict_of "$(decide_promotion channel="$channel" old="$old" old_detail="$OLD_DETAIL" writable="$writable")"
    case "$VERDICT" in
        primary) myriad_log "$REASON" ;;
        switchover) myriad_log "$REASON"; switchover ;;
        failover) myriad_log "$REASON"; failover ;;
        *) myriad_die "$REASON" ;;
    esac
}

# ---------------------------------------------------------------------------------------------------------
# Actions: seeding a replica
# ---------------------------------------------------------------------------------------------------------

seed_clone() {
    local root err="$MYRIAD_TEMP_DIR/clone.err"
    myriad_require MYRIAD_CLONE_PLUGIN
    root=$(myriad_secret root-password) || exit 1
    initialise_datadir "$STAGING"
    myriad_temp_start "$STAGING"
    myriad_log "cloning from $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT (CLONE INSTANCE; donor and recipient of the same series)"
    # CLONE replaces the whole data directory, the accounts included, with the donor's; the temporary server
    # then stops by itself (ER 3707: no supervisor to restart it), which is the expected outcome.
    if ! {
        printf "SET SESSION sql_mode = '';\n"
        printf "INSTALL PLUGIN clone SONAME '%s';\n" "$MYRIAD_CLONE_PLUGIN"
    } | myriad_temp_sql /dev/null --user=root 2>"$err"; then
        grep -q "already exists\|1125\|1968" "$err" || { cat "$err" >&2; myriad_die "cannot load the CLONE plugin"; }
    fi
    if ! {
        printf "SET SESSION sql_mode = '';\n"
        printf "SET GLOBAL clone_valid_donor_list = %s;\n" "$(myriad_sql_string "$MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT")"
        printf "CLONE INSTANCE FROM 'root'@%s:%s IDENTIFIED BY %s;\n" "$(myriad_sql_string "$MYRIAD_SOURCE_HOST")" "$MYRIAD_SOURCE_PORT" "$(myriad_sql_string "$root")"
    } | myriad_temp_sql /dev/null --user=root 2>"$err"; then
        if ! grep -q "3707" "$err"; then
            cat "$err" >&2
            myriad_die "CLONE from $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT failed"
        fi
    fi
    myriad_temp_wait_exit "$MYRIAD_STOP_TIMEOUT_SECONDS" || myriad_temp_stop
    myriad_log "clone finished; restarting the temporary server on the cloned data"
    myriad_temp_start "$STAGING"
    ensure_accounts
    configure_source
    myriad_temp_stop
}

# seed_candidates : the donors a physical stream may come from, as "host sqlport seedport kind" lines: the
# peers first (kind peer; a ready replica is preferred, decide_seed_donor), the source last (kind source).
# In a pod: the addresses of the peer Service (list_peers) and the source, each on MYRIAD_SEED_PORT. Local
# runs: MYRIAD_SEED_DONORS, "host:sqlport:seedport" of every instance that runs an endpoint.
seed_candidates() {
    local entry h rest p sp peers source_line=""
    if [ -n "${MYRIAD_SEED_DONORS:-}" ]; then
        for entry in $MYRIAD_SEED_DONORS; do
            h=${entry%%:*}
            rest=${entry#*:}
            p=${rest%%:*}
            sp=${rest#*:}
            [ "$h:$p" = "$MYRIAD_HOST:$MYRIAD_PORT" ] && continue
            if [ "$h" = "$MYRIAD_SOURCE_HOST" ] && [ "$p" = "$MYRIAD_SOURCE_PORT" ]; then
                source_line="$h $p $sp source"
            else
                printf '%s %s %s peer\n' "$h" "$p" "$sp"
            fi
        done
        [ -z "$source_line" ] || printf '%s\n' "$source_line"
        return 0
    fi
    peers=$(list_peers) || peers=""
    while read -r h p; do
        [ -n "$h" ] && printf '%s %s %s peer\n' "$h" "$p" "$MYRIAD_SEED_PORT"
    done <<<"$peers"
    printf '%s %s %s source\n' "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" "$MYRIAD_SEED_PORT"
}

# donor_facts HOST PORT KIND : the decide_seed_donor facts of one candidate (answers, version, threads, lag).
donor_facts() {
    local host=$1 port=$2 kind=$3 version status
    if ! version=$(printf 'SELECT @@GLOBAL.version;\n' | myriad_remote "$ROOT_CNF" "$host" "$port" 2>/dev/null); then
        printf 'answers=0\n'
        return 0
    fi
    printf 'answers=1\nversion=%s\nkind=%s\n' "$version" "$kind"
    [ "$kind" = source ] && return 0
    status=$(printf '%s;\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS" | myriad_remote "$ROOT_CNF" "$host" "$port" --column-names 2>/dev/null | myriad_replica_status_pairs)
    printf 'io=%s\nsql=%s\nlag=%s\n' "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_IO_RUNNING")" \
        "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_SQL_RUNNING")" "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_LAG")"
}

# stream_backup HOST SEEDPORT DIR : connects to a donor's seeding endpoint, authenticates (myriad_seed_proof)
# and extracts its backup stream into DIR. Returns 0 only for a complete stream (the donor's
# SEED_COMPLETE_FILE arrived, i.e. its backup tool exited 0); otherwise 1 with SEED_DETAIL saying why.
SEED_DETAIL=""
stream_backup() {
    local host=$1 port=$2 dir=$3 fd magic ver nonce status rest proof rc
    SEED_DETAIL=""
    if ! exec {fd}<>"/dev/tcp/$host/$port"; then
        SEED_DETAIL="cannot connect to its seeding endpoint $host:$port (is its seed container running? its log says why)"
        return 1
    fi 2>/dev/null
    if ! IFS=' ' read -r -t 30 -u "$fd" magic ver nonce || [ "$magic" != MYRIAD-SEEDING ] || [ "$ver" != 1 ] || [ -z "$nonce" ]; then
        exec {fd}>&-
        SEED_DETAIL="$host:$port is not a Myriad seeding endpoint of protocol 1 (no greeting within 30s)"
        return 1
    fi
    proof=$(myriad_seed_proof "$nonce") || { exec {fd}>&-; SEED_DETAIL="cannot compute the proof"; return 1; }
    printf 'PROOF %s\n' "$proof" >&"$fd"
    if ! IFS=' ' read -r -t 60 -u "$fd" status rest || [ "$status" != OK ]; then
        exec {fd}>&-
        SEED_DETAIL="the donor refused: ${rest:-no answer}"
        return 1
    fi
    myriad_log "receiving the physical backup of $host ($rest) into $dir"
    "$MYRIAD_BACKUP_STREAM" -x -C "$dir" <&"$fd" 2>"$MYRIAD_TEMP_DIR/stream.err"
    rc=$?
    exec {fd}>&-
    if [ "$rc" -ne 0 ]; then
        SEED_DETAIL="$MYRIAD_BACKUP_STREAM exited $rc: $(tr '\n' ' ' <"$MYRIAD_TEMP_DIR/stream.err" | cut -c1-300)"
        return 1
    fi
    if [ ! -f "$dir/$SEED_COMPLETE_FILE" ]; then
        SEED_DETAIL="the stream ended without $SEED_COMPLETE_FILE: the donor's backup did not finish (its seed container's log says why)"
        return 1
    fi
    return 0
}

# physical_tools_missing : the programs a physical seeding needs that this image lacks (empty: none).
physical_tools_missing() {
    local prog out=""
    for prog in "$MYRIAD_BACKUP_TOOL" "$MYRIAD_BACKUP_STREAM" sha256sum; do
        command -v "$prog" >/dev/null 2>&1 || out="${out:+$out, }$prog"
    done
    printf '%s' "$out"
}

# seed_physical METHOD : a physical backup of a donor (a ready replica in preference to the source), streamed
# from its seeding endpoint into the staging directory, prepared by this image's tool, then started with
# replication from the GTID position the backup recorded. An interrupted or incomplete copy is discarded
# and streamed again (MYRIAD_SEED_ATTEMPTS attempts, each choosing the donor afresh); nothing partial is
# ever prepared or moved into place.
seed_physical() {
    local method=$1 missing own attempt=0 h p sp kind verdict reason donor dh dsp kib info f gtid
    local -a facts
    myriad_require MYRIAD_BACKUP_TOOL MYRIAD_BACKUP_STREAM MYRIAD_SEED_PORT MYRIAD_BACKUP_BINLOG_INFO
    myriad_require_tunables MYRIAD_SEED_ATTEMPTS
    missing=$(physical_tools_missing)
    [ -z "$missing" ] || myriad_die "seeding by $method needs $missing, which this image lacks (the template's backupTool says the image carries $method): use an image that carries it (the MariaDB Docker Official Images do), or set backupTool: none on the template to seed by a logical copy. Nothing was copied."
    own=$("$(myriad_server_bin)" --version 2>/dev/null | sed -n 's/.* Ver \([0-9][0-9.]*\).*/\1/p')
    [ -n "$own" ] || myriad_die "cannot read this server's version ($(myriad_server_bin) --version)"
    while :; do
        attempt=$((attempt + 1))
        donor=""
        while read -r h p sp kind; do
            [ -n "$h" ] || continue
            mapfile -t facts < <(donor_facts "$h" "$p" "$kind")
            verdict=$(decide_seed_donor own="$own" kind="$kind" "${facts[@]}")
            reason=${verdict#*$'\t'}
            if [ "${verdict%%$'\t'*}" = use ]; then
                donor="$h:$p"
                dh=$h
                dsp=$sp
                myriad_log "attempt $attempt/$MYRIAD_SEED_ATTEMPTS: donor $h:$p, $reason"
                break
            fi
            myriad_log "attempt $attempt/$MYRIAD_SEED_ATTEMPTS: not using $h:$p as donor: $reason"
        done < <(seed_candidates)
        if [ -n "$donor" ]; then
            rm -rf "$STAGING"
            mkdir -p "$STAGING" || myriad_die "cannot create $STAGING"
            if stream_backup "$dh" "$dsp" "$STAGING"; then
                myriad_log "the stream from $donor is complete ($(du -sk "$STAGING" | cut -f1) KiB)"
                break
            fi
            kib=$(du -sk "$STAGING" 2>/dev/null | cut -f1)
            myriad_log "attempt $attempt/$MYRIAD_SEED_ATTEMPTS: the copy from $donor failed after ${kib:-0} KiB: $SEED_DETAIL; discarding the partial copy ($STAGING)"
            rm -rf "$STAGING" || myriad_die "cannot remove $STAGING"
        else
            myriad_log "attempt $attempt/$MYRIAD_SEED_ATTEMPTS: no donor is ready"
        fi
        [ "$attempt" -lt "$MYRIAD_SEED_ATTEMPTS" ] || myriad_die "no complete physical copy after $attempt attempt(s) (last: ${SEED_DETAIL:-no donor ready}); exiting so that Kubernetes retries (the pending bootstrap is discarded and redone)"
        sleep "$MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS"
    done
    rm -f "$STAGING/$SEED_COMPLETE_FILE"

    myriad_log "preparing the copy ($MYRIAD_BACKUP_TOOL --prepare)"
    "$MYRIAD_BACKUP_TOOL" --defaults-file="$MYRIAD_CONFIG" --prepare --target-dir="$STAGING" >"$MYRIAD_TEMP_DIR/prepare.log" 2>&1 \
        || { tail -n 30 "$MYRIAD_TEMP_DIR/prepare.log" >&2; myriad_die "$MYRIAD_BACKUP_TOOL --prepare failed"; }
    info=""
    for f in $MYRIAD_BACKUP_BINLOG_INFO; do
        if [ -f "$STAGING/$f" ]; then info="$STAGING/$f"; break; fi
    done
    [ -n "$info" ] || myriad_die "the copy holds none of $MYRIAD_BACKUP_BINLOG_INFO: the GTID position to replicate from is unknown"
    # "file<TAB>position<TAB>GTID set"; a MySQL GTID set may continue on the following lines.
    gtid=$(awk -F '\t' 'NR == 1 { print $3; next } { print }' "$info" | tr -d '\n ')
    myriad_log "the copy's consistent point: $(head -n 1 "$info" | cut -f1,2 | tr '\t' ' '), GTID position '${gtid}'"

    myriad_temp_start "$STAGING"
    if [ "$MYRIAD_GTID" = mariadb ]; then
        printf "SET SESSION sql_mode = '';\nSET GLOBAL gtid_slave_pos = %s;\n" "$(myriad_sql_string "$gtid")"
    else
        printf "SET SESSION sql_mode = '';\n%s;\nSET GLOBAL gtid_purged = %s;\n" "$MYRIAD_SQL_RESET_BINLOGS" "$(myriad_sql_string "$gtid")"
    fi | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot set the GTID position of the copy"
    ensure_accounts
    configure_source
    myriad_temp_stop
}

# Prints CREATE USER and GRANT statements for the source's accounts, except the ones Myriad manages and the
# server's system accounts. Runs after the dump: an account created meanwhile may arrive twice, and its
# replicated CREATE USER then stops the applier loudly (readiness false), never silently.
export_accounts() {
    local list creates grants hex=""
    [ "${MYRIAD_SOURCE_PRINT_IDENTIFIED_AS_HEX:-0}" = 1 ] && hex="SET SESSION print_identified_with_as_hex = ON;"
    local where="user NOT IN ('', 'root', 'myriad_repl', 'myriad_monitor') AND user NOT LIKE 'mysql.%' AND user NOT LIKE 'mariadb.%'"
    [ "$MYRIAD_GTID" = mariadb ] && where="$where AND is_role = 'N'"
    list=$(printf "SELECT CONCAT(QUOTE(user), '@', QUOTE(host)) FROM mysql.user WHERE %s ORDER BY user, host;\n" "$where" \
        | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT") || myriad_die "cannot list the source's accounts"
    [ -z "$list" ] && return 0
    creates=$({ echo "$hex"; printf '%s\n' "$list" | sed 's/^/SHOW CREATE USER /; s/$/;/'; } \
        | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" --raw) || myriad_die "cannot read the source's accounts"
    grants=$(printf '%s\n' "$list" | sed 's/^/SHOW GRANTS FOR /; s/$/;/' \
        | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" --raw) || myriad_die "cannot read the source's grants"
    printf '%s\n' "$creates" | sed 's/^CREATE USER /CREATE USER IF NOT EXISTS /; s/$/;/'
    printf '%s\n' "$grants" | sed 's/$/;/'
}

seed_logical() {
    local snapshot schemas gtid n
    local -a dbs dump_opts
    initialise_datadir "$STAGING"
    myriad_temp_start "$STAGING"
    secure_fresh_server
    printf '%s;\n' "$MYRIAD_SQL_RESET_BINLOGS" | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot reset the binary logs of the new data directory"
    [ "$MYRIAD_GTID" = mariadb ] && { printf "SET GLOBAL gtid_slave_pos = '';\n" | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot clear gtid_slave_pos"; }

    # Schemas to copy and the GTID state, read under one global read lock so that both describe the same instant.
    local gtid_var='@@GLOBAL.gtid_executed'
    [ "$MYRIAD_GTID" = mariadb ] && gtid_var='@@GLOBAL.gtid_binlog_pos'
    snapshot=$(printf "FLUSH TABLES WITH READ LOCK;\nSELECT 'schema', schema_name FROM information_schema.schemata WHERE schema_name NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema', 'lost+found') AND schema_name NOT LIKE '#%%' ORDER BY schema_name;\nSELECT 'gtid', REPLACE(%s, '\\\\n', '');\nUNLOCK TABLES;\n" "$gtid_var" \
        | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT") || myriad_die "cannot read the source's schemas and GTID state"
    schemas=$(printf '%s\n' "$snapshot" | awk -F '\t' '$1 == "schema" { print $2 }')
    gtid=$(printf '%s\n' "$snapshot" | awk -F '\t' '$1 == "gtid" { print $2 }' | tr -d '\n ')

    if [ -z "$schemas" ]; then
        myriad_log "the source holds no user schema; copying its GTID state only (${gtid:-empty})"
        if [ -n "$gtid" ]; then
            if [ "$MYRIAD_GTID" = mariadb ]; then
                printf "SET GLOBAL gtid_slave_pos = %s;\n" "$(myriad_sql_string "$gtid")"
            else
                printf "SET GLOBAL gtid_purged = %s;\n" "$(myriad_sql_string "$gtid")"
            fi | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot set the GTID state"
        fi
    else
        myriad_require MYRIAD_DUMP
        mapfile -t dbs <<<"$schemas"
        read -r -a dump_opts <<<"${MYRIAD_DUMP_OPTIONS:-}"
        myriad_log "copying ${#dbs[@]} schema(s) from $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT with $MYRIAD_DUMP (${dbs[*]}); the source takes a brief global read lock"
        "$MYRIAD_DUMP" --defaults-extra-file="$ROOT_CNF" --protocol=TCP --host="$MYRIAD_SOURCE_HOST" --port="$MYRIAD_SOURCE_PORT" \
            "${dump_opts[@]}" --databases "${dbs[@]}" 2>"$MYRIAD_TEMP_DIR/dump.err" \
            | myriad_temp_sql "$ROOT_CNF" --init-command="SET SESSION sql_log_bin = 0" --max-allowed-packet=1073741824 \
            || { cat "$MYRIAD_TEMP_DIR/dump.err" >&2; myriad_die "the logical copy failed"; }
    fi

    export_accounts >"$MYRIAD_TEMP_DIR/accounts.sql" || myriad_die "cannot export the source's accounts"
    n=$(grep -c '^CREATE USER' "$MYRIAD_TEMP_DIR/accounts.sql")
    if [ "${n:-0}" -gt 0 ]; then
        myriad_log "copying $n account(s) from the source (errors are reported and skipped)"
        { echo "SET SESSION sql_log_bin = 0;"; cat "$MYRIAD_TEMP_DIR/accounts.sql"; } \
            | myriad_temp_sql "$ROOT_CNF" --force 2>"$MYRIAD_TEMP_DIR/accounts.err" \
            || myriad_log "WARNING: some accounts or grants could not be copied: $(tr '\n' ' ' <"$MYRIAD_TEMP_DIR/accounts.err")"
    fi
    rm -f "$MYRIAD_TEMP_DIR/accounts.sql"

    configure_source
    myriad_temp_stop
}


# ---------------------------------------------------------------------------------------------------------
# Actions: the bootstrap verdicts
# ---------------------------------------------------------------------------------------------------------

# Removes what an interrupted bootstrap left behind (only ever called while the pending marker exists,
# i.e. for data that no server has served yet).
discard_interrupted_bootstrap() {
    local entry
    myriad_log "a previous bootstrap was interrupted ($PENDING exists): discarding its partial data and starting again"
    for entry in "$DATADIR"/* "$DATADIR"/.[!.]*; do
        [ -e "$entry" ] || continue
        case "$(basename "$entry")" in
            lost+found | "$MARKER_PENDING") continue ;;
        esac
        rm -rf "$entry" || myriad_die "cannot remove $entry"
    done
}

# The first write to an empty data directory: the pending marker, then a clean staging directory.
begin_bootstrap() {
    mkdir -p "$DATADIR" || myriad_die "cannot create $DATADIR"
    : >"$PENDING" || myriad_die "cannot write $PENDING"
    rm -rf "$STAGING"
    myriad_temp_workdir
}

# finish_bootstrap METHOD HOW : moves the staged data into place, writes the done marker (and, for a new
# group, the group bootstrap marker), then removes the pending marker.
finish_bootstrap() {
    local method=$1 how=$2 entry
    for entry in "$STAGING"/* "$STAGING"/.[!.]*; do
        [ -e "$entry" ] || continue
        mv "$entry" "$DATADIR/" || myriad_die "cannot move $entry into $DATADIR"
    done
    rmdir "$STAGING" || myriad_die "cannot remove $STAGING"
    printf 'method=%s\nversion=%s\nsource=%s\ndate=%s\n' "$method" "$MYRIAD_VERSION" "${MYRIAD_SOURCE_HOST:-}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$DONE" \
        || myriad_die "cannot write $DONE"
    if [ "$how" = group-bootstrap ]; then
        : >"$GROUP_BOOTSTRAP_MARKER" || myriad_die "cannot write $GROUP_BOOTSTRAP_MARKER"
    elif [ "$ROLE" = group-bootstrap ]; then
        myriad_log "not writing $GROUP_BOOTSTRAP_MARKER: a peer holds the group's data, so this member joins the existing group instead of bootstrapping a new, empty one"
    fi
    rm -f "$PENDING" || myriad_die "cannot remove $PENDING"
    sync
    myriad_log "bootstrap complete ($method)"
}

# act_initialise HOW : a new data directory (primary, group-bootstrap or group-join).
act_initialise() {
    local how=$1
    begin_bootstrap
    initialise_datadir "$STAGING"
    myriad_temp_start "$STAGING"
    secure_fresh_server
    [ "$how" = primary ] || configure_group_recovery
    myriad_temp_stop
    finish_bootstrap initialise "$how"
}

# act_seed METHOD : a replica's copy of its source (clone, a physical stream, or logical).
act_seed() {
    local method=$1
    begin_bootstrap
    case "$method" in
        clone) seed_clone ;;
        mariadb-backup | xtrabackup) seed_physical "$method" ;;
        logical) seed_logical ;;
    esac
    finish_bootstrap "$method" "$method"
}

# act_adopt : existing data: re-assert accounts, the role and the replication source; nothing is copied.
act_adopt() {
    myriad_temp_workdir
    myriad_temp_start "$DATADIR"
    ensure_accounts
    reset_persisted_role
    case "$ROLE" in
        group-*) configure_group_recovery ;;
        replica) configure_source ;;
        *) assume_primary ;;
    esac
    myriad_temp_stop
    [ -f "$DONE" ] || printf 'method=adopted\nversion=%s\ndate=%s\n' "$MYRIAD_VERSION" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$DONE"
}

# ---------------------------------------------------------------------------------------------------------
# Main: gather -> decide -> act
# ---------------------------------------------------------------------------------------------------------

init_setup() {
    myriad_require MYRIAD_CLUSTER MYRIAD_ORDINAL MYRIAD_SERVER_ID MYRIAD_ROLE MYRIAD_MODE MYRIAD_FLAVOR MYRIAD_VERSION \
        MYRIAD_HOST MYRIAD_PORT MYRIAD_DATADIR MYRIAD_CONFIG MYRIAD_SECRETS_DIR MYRIAD_CLIENT MYRIAD_ADMIN \
        MYRIAD_SERVER_BIN MYRIAD_INIT_METHOD MYRIAD_GTID MYRIAD_READ_ONLY_VAR MYRIAD_SQL_CHANGE_SOURCE \
        MYRIAD_SQL_SOURCE_PREFIX MYRIAD_SQL_STOP_REPLICA MYRIAD_SQL_RESET_REPLICA_ALL MYRIAD_SQL_SHOW_REPLICA_STATUS \
        MYRIAD_SQL_RESET_BINLOGS MYRIAD_REPL_PRIVILEGES MYRIAD_MONITOR_PRIVILEGES MYRIAD_COL_SOURCE_HOST MYRIAD_COL_SOURCE_PORT
    myriad_require_tunables MYRIAD_CONNECT_TIMEOUT MYRIAD_MYSQLD_ARGS MYRIAD_START_TIMEOUT_SECONDS MYRIAD_STOP_TIMEOUT_SECONDS \
        MYRIAD_SOURCE_WAIT_SECONDS MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS MYRIAD_PEER_WAIT_SECONDS MYRIAD_SEED_ATTEMPTS \
        MYRIAD_SWITCHOVER_TIMEOUT_SECONDS
    DATADIR=${MYRIAD_DATADIR%/}
    STAGING="$DATADIR/$STAGING_NAME"
    PENDING="$DATADIR/$MARKER_PENDING"
    DONE="$DATADIR/$MARKER_DONE"
    GROUP_BOOTSTRAP_MARKER="$DATADIR/$MARKER_GROUP_BOOTSTRAP"
    ROOT_CNF="$MYRIAD_SECRETS_DIR/root.cnf"
    ROLE=$(planned_role)
    trap 'myriad_temp_cleanup' EXIT
    trap 'exit 143' TERM INT
}

main() {
    local decision verdict how reason
    local -a facts
    init_setup
    myriad_log "instance $MYRIAD_CLUSTER-$MYRIAD_ORDINAL: $MYRIAD_FLAVOR $MYRIAD_VERSION, role $MYRIAD_ROLE, mode $MYRIAD_MODE, server_id $MYRIAD_SERVER_ID"
    [ ! -f "$PENDING" ] || discard_interrupted_bootstrap

    # Gather (the waits only when the decision needs them; nothing is written before the decision).
    gather_datadir
    facts=(datadir="$DATADIR_STATE" entries="$DATADIR_ENTRIES" role="$ROLE"
        seeding="${MYRIAD_SEEDING:-}" seeding_reason="${MYRIAD_SEEDING_REASON:-}")
    case "$(facts_needed "$DATADIR_STATE" "$ROLE" "${MYRIAD_SEEDING:-}")" in
        peers)
            survey_peers
            facts+=(peers="$PEERS_VERDICT" peer_detail="$PEERS_DETAIL") ;;
        source)
            gather_source
            facts+=(source="$SOURCE_VERDICT" source_server_id="$SOURCE_SERVER_ID" source_detail="$SOURCE_DETAIL") ;;
    esac

    # Decide.
    decision=$(decide_bootstrap "${facts[@]}")
    IFS=$'\t' read -r verdict how reason <<<"$decision"

    # Act.
    case "$verdict" in
        adopt) myriad_log "$reason"; act_adopt ;;
        initialise) myriad_log "$reason"; act_initialise "$how" ;;
        seed) myriad_log "$reason"; act_seed "$how" ;;
        *) myriad_die "$reason" ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
