#!/usr/bin/env bash
# Myriad seeding.sh: a new replica's copy of its source: CLONE, a physical backup streamed from a donor's
# seeding endpoint (seed-donor.sh), or a logical copy. Sourced by init.sh after lib.sh; defines functions only.

# The file a donor's seeding endpoint appends to a complete stream (seed-donor.sh).
SEED_COMPLETE_FILE=myriad-seed.complete

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
    local own="" kind="" answers=0 version="" io="" sql="" lag="" o d
    myriad_facts "own kind answers version io sql lag" "$@" || true
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
# SEED_COMPLETE_FILE arrived, i.e. its backup tool exited 0); otherwise prints why and returns 1.
stream_backup() {
    local host=$1 port=$2 dir=$3 fd magic ver nonce status rest proof rc
    if ! exec {fd}<>"/dev/tcp/$host/$port"; then
        printf 'cannot connect to its seeding endpoint %s:%s (is its seed container running? its log says why)\n' "$host" "$port"
        return 1
    fi 2>/dev/null
    if ! IFS=' ' read -r -t 30 -u "$fd" magic ver nonce || [ "$magic" != MYRIAD-SEEDING ] || [ "$ver" != 1 ] || [ -z "$nonce" ]; then
        exec {fd}>&-
        printf '%s:%s is not a Myriad seeding endpoint of protocol 1 (no greeting within 30s)\n' "$host" "$port"
        return 1
    fi
    proof=$(myriad_seed_proof "$nonce") || { exec {fd}>&-; printf 'cannot compute the proof\n'; return 1; }
    printf 'PROOF %s\n' "$proof" >&"$fd"
    if ! IFS=' ' read -r -t 60 -u "$fd" status rest || [ "$status" != OK ]; then
        exec {fd}>&-
        printf 'the donor refused: %s\n' "${rest:-no answer}"
        return 1
    fi
    myriad_log "receiving the physical backup of $host ($rest) into $dir"
    # Its output goes to the log: this function's stdout is its failure reason.
    "$MYRIAD_BACKUP_STREAM" -x -C "$dir" <&"$fd" >&2 2>"$MYRIAD_TEMP_DIR/stream.err"
    rc=$?
    exec {fd}>&-
    if [ "$rc" -ne 0 ]; then
        printf '%s exited %s: %s\n' "$MYRIAD_BACKUP_STREAM" "$rc" "$(tr '\n' ' ' <"$MYRIAD_TEMP_DIR/stream.err" | cut -c1-300)"
        return 1
    fi
    if [ ! -f "$dir/$SEED_COMPLETE_FILE" ]; then
        printf 'the stream ended without %s: the donor'"'"'s backup did not finish (its seed container'"'"'s log says why)\n' "$SEED_COMPLETE_FILE"
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
    local method=$1 missing own attempt=0 h p sp kind verdict reason donor dh dsp kib info f gtid detail=""
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
            if detail=$(stream_backup "$dh" "$dsp" "$STAGING"); then
                myriad_log "the stream from $donor is complete ($(du -sk "$STAGING" | cut -f1) KiB)"
                break
            fi
            kib=$(du -sk "$STAGING" 2>/dev/null | cut -f1)
            myriad_log "attempt $attempt/$MYRIAD_SEED_ATTEMPTS: the copy from $donor failed after ${kib:-0} KiB: $detail; discarding the partial copy ($STAGING)"
            rm -rf "$STAGING" || myriad_die "cannot remove $STAGING"
        else
            myriad_log "attempt $attempt/$MYRIAD_SEED_ATTEMPTS: no donor is ready"
        fi
        [ "$attempt" -lt "$MYRIAD_SEED_ATTEMPTS" ] || myriad_die "no complete physical copy after $attempt attempt(s) (last: ${detail:-no donor ready}); exiting so that Kubernetes retries (the pending bootstrap is discarded and redone)"
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


