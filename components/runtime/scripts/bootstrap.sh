#!/usr/bin/env bash
# Myriad bootstrap.sh: the data directory's state and the bootstrap verdicts (decide_bootstrap): initialise,
# seed or adopt, under the pending and done markers. Sourced by init.sh after lib.sh; defines functions only.
# shellcheck disable=SC2153 # DATADIR, DONE, PENDING, ROLE, STAGING: set by init.sh's init_setup, not misspellings

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
    local listed=1 peers=0 holders=0 pending=0 expired=0
    myriad_facts "listed peers holders pending expired" "$@" || true
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
    local dir=${MYRIAD_DATADIR%/} what fix_primary
    local known="datadir entries role peers peer_detail seeding seeding_reason source source_server_id source_detail"
    myriad_facts "$known" "$@" || { bootstrap_verdict refuse - "internal error: unknown fact '$(myriad_unknown_fact "$known" "$@")'"; return 0; }

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

# gather_datadir : prints the facts datadir= (existing: a 'mysql' schema or the done marker; empty; unknown:
# other files) and entries= (the unknown files).
gather_datadir() {
    local entry name unexpected=()
    if [ -d "$DATADIR/mysql" ] || [ -f "$DONE" ]; then
        printf 'datadir=existing\nentries=\n'
        return 0
    fi
    for entry in "$DATADIR"/* "$DATADIR"/.[!.]*; do
        [ -e "$entry" ] || continue
        name=$(basename "$entry")
        is_ignorable_entry "$name" || unexpected+=("$name")
    done
    if [ "${#unexpected[@]}" -gt 0 ]; then
        printf 'datadir=unknown\nentries=%s\n' "${unexpected[*]}"
    else
        printf 'datadir=empty\nentries=\n'
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
# when one holds data. Prints the facts peers= (decide_peer_wait: none, empty, holds, unanswered, unlisted) and
# peer_detail= (the peers asked, the holders and what they hold, or the peers that did not answer). Needs
# MYRIAD_TEMP_DIR (myriad_temp_workdir).
survey_peers() {
    local deadline peers host port key facts holding attempt=0 listed expired verdict err p detail
    local -A answered=() lasterr=()
    local -a pending=() holders=()
    deadline=$(myriad_deadline "$MYRIAD_PEER_WAIT_SECONDS")
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
                detail=$(printf '%s; ' "${holders[@]}")
                detail=${detail%; } ;;
            empty) detail=$(printf '%s' "$peers" | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $1, $2 }') ;;
            unanswered)
                detail=""
                for p in "${pending[@]}"; do detail="${detail:+$detail; }$p (last error: ${lasterr[$p]:-none})"; done ;;
            none | unlisted) detail="" ;;
            wait)
                if [ "$listed" = 0 ]; then
                    myriad_log "waiting for the peer Service $MYRIAD_PEER_SERVICE to list this pod (${MYRIAD_POD_IP:-}) (attempt $attempt)"
                else
                    myriad_log "waiting for peer(s) ${pending[*]} to answer whether they hold data (attempt $attempt): ${lasterr[${pending[0]}]:-}"
                fi
                sleep "$MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS"
                continue ;;
        esac
        printf 'peers=%s\npeer_detail=%s\n' "$verdict" "$detail"
        return 0
    done
}

# gather_source : waits (bounded by MYRIAD_SOURCE_WAIT_SECONDS) until the source answers with the root
# credentials. Prints the facts source= (answers, unanswered), source_server_id= and source_detail= (its
# version, or the last error). Needs MYRIAD_TEMP_DIR (myriad_temp_workdir).
gather_source() {
    local deadline attempt=0 out err sid version
    myriad_require MYRIAD_SOURCE_HOST MYRIAD_SOURCE_PORT
    deadline=$(myriad_deadline "$MYRIAD_SOURCE_WAIT_SECONDS")
    err="$MYRIAD_TEMP_DIR/source.err"
    while :; do
        attempt=$((attempt + 1))
        if out=$(printf 'SELECT @@GLOBAL.server_id, @@GLOBAL.version;\n' | myriad_remote "$ROOT_CNF" "$MYRIAD_SOURCE_HOST" "$MYRIAD_SOURCE_PORT" 2>"$err"); then
            sid=$(printf '%s' "$out" | cut -f1)
            version=$(printf '%s' "$out" | cut -f2)
            myriad_log "source answers: server_id $sid, version $version"
            printf 'source=answers\nsource_server_id=%s\nsource_detail=%s\n' "$sid" "$version"
            return 0
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            printf 'source=unanswered\nsource_server_id=\nsource_detail=%s\n' "$(tr '\n' ' ' <"$err")"
            return 0
        fi
        myriad_log "waiting for the source $MYRIAD_SOURCE_HOST:$MYRIAD_SOURCE_PORT (attempt $attempt): $(tr '\n' ' ' <"$err")"
        sleep "$MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS"
    done
}

# ---------------------------------------------------------------------------------------------------------
# Actions: initialisation
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

