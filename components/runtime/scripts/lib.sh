#!/usr/bin/env bash
# Myriad lib.sh: functions shared by init.sh, post-start.sh and probe.sh. Sourced, never executed.
#
# Everything instance-specific comes from MYRIAD_* environment variables (rendered by instanceEnv() in
# components/runtime/env.ts): the same scripts run in a pod and, with local values, outside Kubernetes. In a pod
# the container environment holds the instance's own variables and MYRIAD_ENV_FILE names the file with the ones
# its template and role share (loaded below; the environment wins).
# Credentials come only from files in $MYRIAD_SECRETS_DIR, passed with --defaults-extra-file or fed to the
# client on stdin; they never appear on a command line or in the environment.

myriad_log() {
    printf '%s myriad %s/%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${MYRIAD_CLUSTER:-?}" "${MYRIAD_ORDINAL:-?}" "${MYRIAD_SCRIPT:-lib}" "$*" >&2
}

MYRIAD_FATAL=""
myriad_die() {
    # The temporary server's log first (why it failed, if it did), so that the FATAL line is the last one.
    declare -F myriad_temp_keep_log >/dev/null && myriad_temp_keep_log
    MYRIAD_FATAL="$*"
    myriad_log "FATAL: $*"
    exit 1
}

# myriad_load_env_file : exports every NAME=value line of $MYRIAD_ENV_FILE whose variable the environment does not
# set. Values are taken verbatim to the end of the line, never evaluated; blank lines and # comments are skipped.
myriad_load_env_file() {
    local file=${MYRIAD_ENV_FILE:-} line name value n=0
    [ -n "$file" ] || return 0
    [ -r "$file" ] || myriad_die "MYRIAD_ENV_FILE=$file is missing or unreadable (the ConfigMap of this template and role is not mounted?)"
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        case "$line" in '' | '#'*) continue ;; esac
        name=${line%%=*}
        value=${line#*=}
        [[ "$line" == *=* && "$name" =~ ^MYRIAD_[A-Z0-9_]+$ ]] || myriad_die "$file line $n is not a MYRIAD_* variable assignment (NAME=value)"
        [ -n "${!name+x}" ] && continue
        export "$name=$value"
    done <"$file"
}
myriad_load_env_file

# myriad_require VAR... : every variable must be set and non-empty.
myriad_require() {
    local v missing=()
    for v in "$@"; do
        [ -n "${!v:-}" ] || missing+=("$v")
    done
    [ "${#missing[@]}" -eq 0 ] || myriad_die "missing environment: ${missing[*]} (see docs/probes.md, 'Environment')"
}

# myriad_require_tunables VAR... : every tunable must be set (it may be empty). The scripts state no defaults:
# the rendered environment file carries every tunable (SCRIPT_TUNABLES in components/runtime/contract.ts).
myriad_require_tunables() {
    local v missing=()
    for v in "$@"; do
        [ -n "${!v+x}" ] || missing+=("$v")
    done
    [ "${#missing[@]}" -eq 0 ] || myriad_die "missing tunable(s): ${missing[*]}; the rendered environment file (MYRIAD_ENV_FILE) sets every tunable to its default (see docs/runtime.md, 'Tunables')"
}

# myriad_secret NAME : prints the content of $MYRIAD_SECRETS_DIR/NAME without trailing newlines.
myriad_secret() {
    local f="$MYRIAD_SECRETS_DIR/$1" content
    [ -r "$f" ] || myriad_die "secret file $f is missing or unreadable"
    content=$(<"$f")
    printf '%s' "$content"
}

# myriad_sql_string TEXT : TEXT as a single-quoted SQL string literal (backslashes and quotes escaped).
# Sessions that embed such literals first clear sql_mode, so NO_BACKSLASH_ESCAPES cannot change the meaning.
myriad_sql_string() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\'/\'\'}
    printf "'%s'" "$s"
}

# myriad_seed_proof NONCE : the proof a recipient sends a donor's seeding endpoint for NONCE (seed-donor.sh):
# hex SHA-256 over "myriad-seed-v1", the nonce and the replication password, newline-separated. printf is a
# shell builtin, so the password is on no command line; sha256sum reads it on stdin.
myriad_seed_proof() {
    local secret
    secret=$(myriad_secret replication-password) || return 1
    printf 'myriad-seed-v1\n%s\n%s' "$1" "$secret" | sha256sum | cut -d' ' -f1
}

# myriad_client CNF ARGS... : runs the client with credentials from CNF (an option file, or /dev/null for a
# fresh server whose root has no password yet) and the connection ARGS; SQL is read from stdin; output is
# tab-separated without column names.
myriad_client() {
    local cnf=$1
    shift
    "$MYRIAD_CLIENT" --defaults-extra-file="$cnf" --batch --skip-column-names \
        --connect-timeout="$MYRIAD_CONNECT_TIMEOUT" "$@"
}

# myriad_remote CNF HOST PORT [ARGS...] : SQL on stdin against HOST:PORT over TCP.
myriad_remote() {
    local cnf=$1 host=$2 port=$3
    shift 3
    myriad_client "$cnf" --protocol=TCP --host="$host" --port="$port" "$@"
}

# myriad_local_tcp CNF [ARGS...] : SQL on stdin against the local server of this instance
# ($MYRIAD_LOCAL_ADDRESS:$MYRIAD_PORT; 127.0.0.1 in a pod).
myriad_local_tcp() {
    local cnf=$1
    shift
    myriad_remote "$cnf" "$MYRIAD_LOCAL_ADDRESS" "$MYRIAD_PORT" "$@"
}

# ---------------------------------------------------------------------------------------------------------
# Temporary server (init.sh): the image's own mysqld on a private socket with networking off.
# ---------------------------------------------------------------------------------------------------------

MYRIAD_TEMP_PID=""
MYRIAD_TEMP_SOCK=""
MYRIAD_TEMP_DIR=""
MYRIAD_TEMP_LOG=""

# The server program: MYRIAD_SERVER_BIN, else mysqld (MariaDB images before 10.5.2 have no mariadbd).
myriad_server_bin() {
    if command -v "$MYRIAD_SERVER_BIN" >/dev/null 2>&1; then
        printf '%s' "$MYRIAD_SERVER_BIN"
    elif command -v mysqld >/dev/null 2>&1; then
        printf '%s' mysqld
    else
        myriad_die "neither $MYRIAD_SERVER_BIN nor mysqld is on PATH"
    fi
}

# Extra server arguments: --server-id=$MYRIAD_SERVER_ID (the real server has it on its command line, not in the
# shared my.cnf; MySQL 5.7 refuses to start with a binary log and no server_id), MYRIAD_MYSQLD_ARGS
# (space-separated, for local runs: --basedir, --lc-messages-dir, ...), plus --user=root when running as root
# outside a container (mysqld refuses root otherwise).
myriad_server_extra_args() {
    local extra="--server-id=$MYRIAD_SERVER_ID $MYRIAD_MYSQLD_ARGS"
    if [ "$(id -u)" = 0 ] && [[ " $extra " != *" --user="* ]]; then
        extra="$extra --user=root"
    fi
    printf '%s' "$extra"
}

myriad_temp_workdir() {
    if [ -z "$MYRIAD_TEMP_DIR" ]; then
        MYRIAD_TEMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/myriad.XXXXXX") || myriad_die "cannot create a temporary directory"
    fi
}

# myriad_deadline N : the value of $SECONDS by which at least N seconds have passed. $SECONDS counts
# whole seconds, so $SECONDS + N alone can arrive after only N-1 seconds and a fraction.
myriad_deadline() {
    echo $((SECONDS + $1 + 1))
}

# myriad_temp_start DATADIR : starts the temporary server and waits until it answers on its socket.
myriad_temp_start() {
    local datadir=$1 bin extra deadline
    myriad_temp_workdir
    bin=$(myriad_server_bin) || exit 1
    extra=$(myriad_server_extra_args)
    MYRIAD_TEMP_SOCK="$MYRIAD_TEMP_DIR/mysqld.sock"
    MYRIAD_TEMP_LOG="$MYRIAD_TEMP_DIR/mysqld.log"
    rm -f "$MYRIAD_TEMP_SOCK" "$MYRIAD_TEMP_SOCK.lock"
    myriad_log "starting a temporary server (networking off) on $datadir"
    # shellcheck disable=SC2086 # MYRIAD_TEMP_SERVER_ARGS and extra are deliberately word-split
    "$bin" --defaults-file="$MYRIAD_CONFIG" --datadir="$datadir" --socket="$MYRIAD_TEMP_SOCK" \
        --pid-file="$MYRIAD_TEMP_DIR/mysqld.pid" --skip-networking ${MYRIAD_TEMP_SERVER_ARGS:-} $extra \
        >>"$MYRIAD_TEMP_LOG" 2>&1 &
    MYRIAD_TEMP_PID=$!
    deadline=$(myriad_deadline "$MYRIAD_START_TIMEOUT_SECONDS")
    until "$MYRIAD_ADMIN" --no-defaults --protocol=SOCKET --socket="$MYRIAD_TEMP_SOCK" --connect-timeout=2 ping >/dev/null 2>&1; do
        if ! kill -0 "$MYRIAD_TEMP_PID" 2>/dev/null; then
            wait "$MYRIAD_TEMP_PID" 2>/dev/null
            MYRIAD_TEMP_PID=""
            myriad_die "the temporary server exited during start-up (log above)"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            myriad_die "the temporary server did not answer within ${MYRIAD_START_TIMEOUT_SECONDS}s (crash recovery too long? raise MYRIAD_START_TIMEOUT_SECONDS)"
        fi
        sleep 1
    done
    myriad_log "temporary server is up (pid $MYRIAD_TEMP_PID)"
}

# myriad_temp_wait_exit SECONDS : waits for the temporary server to exit by itself (after CLONE).
myriad_temp_wait_exit() {
    local deadline
    deadline=$(myriad_deadline "$1")
    [ -n "$MYRIAD_TEMP_PID" ] || return 0
    while kill -0 "$MYRIAD_TEMP_PID" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        # A short pause: a promotion's write pause includes this shutdown.
        sleep 0.2
    done
    wait "$MYRIAD_TEMP_PID" 2>/dev/null
    MYRIAD_TEMP_PID=""
    return 0
}

# myriad_temp_stop : clean shutdown (SIGTERM), bounded by MYRIAD_STOP_TIMEOUT_SECONDS.
myriad_temp_stop() {
    [ -n "$MYRIAD_TEMP_PID" ] || return 0
    myriad_log "stopping the temporary server (pid $MYRIAD_TEMP_PID)"
    kill -TERM "$MYRIAD_TEMP_PID" 2>/dev/null
    if ! myriad_temp_wait_exit "$MYRIAD_STOP_TIMEOUT_SECONDS"; then
        myriad_log "the temporary server did not stop within ${MYRIAD_STOP_TIMEOUT_SECONDS}s; killing it (InnoDB recovers on next start)"
        kill -KILL "$MYRIAD_TEMP_PID" 2>/dev/null
        wait "$MYRIAD_TEMP_PID" 2>/dev/null
        MYRIAD_TEMP_PID=""
    fi
    myriad_temp_keep_log || true
}

# myriad_temp_keep_log : copies what the temporary server wrote to its own log since the last call (start-up,
# InnoDB crash recovery, shutdown) to stderr, the init container's log (init.log locally), under a header, so
# it is kept after the temporary directory is removed. Returns 0 when it copied something.
MYRIAD_TEMP_LOG_KEPT=0
myriad_temp_keep_log() {
    local total
    [ -n "$MYRIAD_TEMP_LOG" ] && [ -s "$MYRIAD_TEMP_LOG" ] || return 1
    total=$(wc -l <"$MYRIAD_TEMP_LOG")
    [ "$total" -gt "$MYRIAD_TEMP_LOG_KEPT" ] || return 1
    myriad_log "temporary server log (lines $((MYRIAD_TEMP_LOG_KEPT + 1))-$total):"
    tail -n "+$((MYRIAD_TEMP_LOG_KEPT + 1))" "$MYRIAD_TEMP_LOG" | head -n "$((total - MYRIAD_TEMP_LOG_KEPT))" | sed 's/^/    | /' >&2
    MYRIAD_TEMP_LOG_KEPT=$total
}

myriad_temp_cleanup() {
    local kept=$MYRIAD_TEMP_LOG_KEPT
    myriad_temp_stop
    myriad_temp_keep_log || true
    # After a failure, repeat the reason below the shutdown lines: the last line of the log says why.
    if [ "$MYRIAD_TEMP_LOG_KEPT" != "$kept" ] && [ -n "$MYRIAD_FATAL" ]; then myriad_log "FATAL: $MYRIAD_FATAL"; fi
    [ -z "$MYRIAD_TEMP_DIR" ] || rm -rf "$MYRIAD_TEMP_DIR"
    MYRIAD_TEMP_DIR=""
}

# myriad_temp_sql CNF [ARGS...] : SQL on stdin against the temporary server.
myriad_temp_sql() {
    local cnf=$1
    shift
    myriad_client "$cnf" --protocol=SOCKET --socket="$MYRIAD_TEMP_SOCK" "$@"
}

# ---------------------------------------------------------------------------------------------------------
# SHOW REPLICA STATUS as name/value pairs (probe.sh, init.sh).
# ---------------------------------------------------------------------------------------------------------

# myriad_replica_status_pairs : reads the batch output (header line + first row) of SHOW REPLICA STATUS on
# stdin and prints "Column<TAB>value" lines. Batch mode escapes tabs and newlines inside values.
myriad_replica_status_pairs() {
    awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
                 NR == 2 { for (i = 1; i <= NF; i++) print h[i] "\t" $i; exit }'
}

# myriad_pair NAME < pairs : the value of column NAME ("" when absent).
myriad_pair() {
    awk -F '\t' -v k="$1" '$1 == k { print $2; found = 1; exit } END { if (!found) print "" }'
}

# myriad_gtid_positioned VALUE : true when VALUE, the replication status column $MYRIAD_COL_AUTO_POSITION,
# says the replica positions itself by GTID. MySQL/Percona Auto_Position: 1 (0 = binary log file/position);
# MariaDB Using_Gtid: Slave_Pos or Current_Pos (No = file/position); docs/compatibility.md#statements-variables-and-status-columns.
myriad_gtid_positioned() {
    if [ "${MYRIAD_GTID:-mysql}" = mariadb ]; then
        case "$1" in '' | No | no | NO | NULL) return 1 ;; *) return 0 ;; esac
    fi
    [ "$1" = 1 ]
}

# ---------------------------------------------------------------------------------------------------------
# Facts: the NAME=VALUE arguments of the decide_* functions (pure: no program runs)
# ---------------------------------------------------------------------------------------------------------

# myriad_facts "NAME..." FACT... : parses the NAME=VALUE arguments of a decide_* function in the caller's own
# shell (no subshell: the probes call decisions every few seconds). Sets the caller's local variable NAME to the
# value of each fact NAME=VALUE (everything after the first '='; the last one wins); the variable of an absent
# fact keeps its value, the caller's default. Returns 1 when a fact is not among the NAMEs (space-separated),
# after setting the known ones; myriad_unknown_fact names it.
myriad_facts() {
    local _names=" $1 " _fact _rc=0
    shift
    for _fact in "$@"; do
        if [[ "$_fact" == *=* && "$_names" == *" ${_fact%%=*} "* ]]; then
            printf -v "${_fact%%=*}" '%s' "${_fact#*=}"
        else
            _rc=1
        fi
    done
    return "$_rc"
}

# myriad_unknown_fact "NAME..." FACT... : prints the first fact whose name is not among NAMEs (space-separated)
# and returns 0; returns 1 when every fact is known. For the message of a decision that refuses facts it does
# not know (myriad_facts returned 1): a typo in a caller must not pass for an absent fact.
myriad_unknown_fact() {
    local names=" $1 " fact
    shift
    for fact in "$@"; do
        [[ "$fact" == *=* && "$names" == *" ${fact%%=*} "* ]] && continue
        printf '%s' "$fact"
        return 0
    done
    return 1
}

# ---------------------------------------------------------------------------------------------------------
# GTID comparison (probe.sh, post-start.sh, init.sh)
# ---------------------------------------------------------------------------------------------------------

# mariadb_errant REPLICA_BINLOG_STATE REPLICA_CURRENT_POS SOURCE_BINLOG_STATE SOURCE_CURRENT_POS [SOURCE_SLAVE_POS] :
# the MariaDB GTIDs (domain-server-seq) the replica has and its source lacks, comma-separated (empty when none).
# With gtid_strict_mode the sequence numbers of a domain only grow. A GTID of the replica's binary log state is
# errant when the source logged that (domain, server_id) only up to a lower seq, or when the source never logged
# that server and its gtid_slave_pos in the domain (how far its seed and its replication reached: a copy carries
# the data, not the binary log) is absent or lower. A GTID of the replica's current position is errant when the
# furthest point the source reached in that domain (current position, slave position or binary log state) is
# absent or lower. The rule of `mariaErrant` in infra/verify/gtid.ts; one case table,
# tests/fixtures/gtid/mariadb-errant.tsv, runs against both. Malformed input: prints the text and returns 2.
mariadb_errant() {
    local -A src_state=() src_floor=() src_reached=()
    local -a errant_list=()
    local g d s n key have floor list arg
    for arg in 3 4 5; do
        IFS=, read -r -a list <<<"${!arg:-}"
        list=("${list[@]// /}")
        for g in "${list[@]}"; do
            [ -n "$g" ] || continue
            [[ "$g" =~ ^([0-9]+)-([0-9]+)-([0-9]+)$ ]] || { printf '%s' "$g"; return 2; }
            d=${BASH_REMATCH[1]} s=${BASH_REMATCH[2]} n=${BASH_REMATCH[3]}
            [ "$arg" = 3 ] && src_state["$d-$s"]=$n
            [ "$arg" = 5 ] && src_floor["$d"]=$n
            have=${src_reached[$d]:-}
            if [ -z "$have" ] || [ "$have" -lt "$n" ]; then src_reached["$d"]=$n; fi
        done
    done
    IFS=, read -r -a list <<<"${1// /}"
    for g in "${list[@]}"; do
        [[ "$g" =~ ^([0-9]+)-([0-9]+)-([0-9]+)$ ]] || { printf '%s' "$g"; return 2; }
        d=${BASH_REMATCH[1]} s=${BASH_REMATCH[2]} n=${BASH_REMATCH[3]}
        key="$d-$s"
        have=${src_state[$key]:-}
        floor=${src_floor[$d]:-}
        if [ -n "$have" ]; then
            [ "$have" -ge "$n" ] || errant_list+=("$g")
        elif [ -z "$floor" ] || [ "$floor" -lt "$n" ]; then
            errant_list+=("$g")
        fi
    done
    IFS=, read -r -a list <<<"${2// /}"
    for g in "${list[@]}"; do
        [[ "$g" =~ ^([0-9]+)-([0-9]+)-([0-9]+)$ ]] || { printf '%s' "$g"; return 2; }
        d=${BASH_REMATCH[1]} n=${BASH_REMATCH[3]}
        have=${src_reached[$d]:-}
        if [ -z "$have" ] || [ "$have" -lt "$n" ]; then
            [[ " ${errant_list[*]} " == *" $g "* ]] || errant_list+=("$g")
        fi
    done
    local IFS=,
    printf '%s' "${errant_list[*]}"
}

# ---- peers (init.sh and post-start.sh) ----

# list_peers : prints the peers as "host port" lines, without this instance; returns 1 when the list cannot
# be trusted yet. Kubernetes: the addresses of the headless Service MYRIAD_PEER_SERVICE (it publishes
# not-ready addresses, so it lists exactly the pods of the cluster that exist) in this pod's address family,
# minus this pod's MYRIAD_POD_IP, on MYRIAD_PORT; the answer must include MYRIAD_POD_IP, otherwise cluster
# DNS does not reflect the current pods yet. Elsewhere (local runs, MYRIAD_PEER_SERVICE empty): MYRIAD_PEERS
# (host:port, only peers that exist) minus MYRIAD_HOST:MYRIAD_PORT.
list_peers() {
    local db=ahosts addrs a peer own=${MYRIAD_POD_IP:-}
    if [ -n "${MYRIAD_PEER_SERVICE:-}" ]; then
        case "$own" in
            *:*) db=ahostsv6 ;;
            ?*) db=ahostsv4 ;;
        esac
        addrs=$(getent "$db" "$MYRIAD_PEER_SERVICE" 2>/dev/null | awk '{ print $1 }' | sort -u)
        if [ -n "$own" ] && ! printf '%s\n' "$addrs" | grep -qxF -- "$own"; then
            return 1
        fi
        for a in $addrs; do
            [ "$a" = "$own" ] || printf '%s %s\n' "$a" "$MYRIAD_PORT"
        done
        return 0
    fi
    for peer in ${MYRIAD_PEERS:-}; do
        [ "$peer" = "$MYRIAD_HOST:$MYRIAD_PORT" ] && continue
        printf '%s %s\n' "${peer%:*}" "${peer##*:}"
    done
}

# writable_peers SKIP_SERVER_ID : the peers that answer and accept writes (read_only and super_read_only OFF),
# other than this instance and the server SKIP_SERVER_ID, as "host:port (server_id N)" joined by "; ".
writable_peers() {
    local peers host port out sid ro sro list=() vars='@@GLOBAL.server_id, @@GLOBAL.read_only, 0'
    [ "$MYRIAD_READ_ONLY_VAR" = super_read_only ] && vars='@@GLOBAL.server_id, @@GLOBAL.read_only, @@GLOBAL.super_read_only'
    peers=$(list_peers) || { myriad_log "the peer list cannot be trusted yet; not asking the peers whether they accept writes"; return 0; }
    while read -r host port; do
        [ -n "$host" ] || continue
        out=$(printf 'SELECT %s;\n' "$vars" | myriad_remote "$ROOT_CNF" "$host" "$port" 2>/dev/null) || continue
        IFS=$'\t' read -r sid ro sro <<<"$out"
        [ "$sid" = "$MYRIAD_SERVER_ID" ] || [ "$sid" = "$1" ] && continue
        if [ "$ro" = 0 ] && [ "$sro" = 0 ]; then list+=("$host:$port (server_id $sid)"); fi
    done <<<"$peers"
    local IFS=';'
    printf '%s' "${list[*]}"
}
