#!/usr/bin/env bash
# Myriad backup.sh: one full backup of a cluster, uploaded to its storage (docs/backup.md). In Kubernetes the
# container of the CronJob `<cluster>-backup` (the primary's image, rclone copied in from its pinned image); in
# local runs `myriad local backup`.
#
# Shape: gather (each donor of the primary's version: answers, writable, replica threads, lag), decide
# (decide_backup_candidate per donor, decide_backup_pick: a ready replica, the primary only when no replica is
# ready; decide_backup_prune: the backups past the retention), act:
#   physical (mariadb-backup, xtrabackup): the donor's seeding endpoint (seed-donor.sh) streams its backup; the
#     stream is uploaded as it arrives (rclone rcat), never stored in the job's pod;
#   logical: a consistent dump with the GTID state from the donor, uploaded as it is written.
# The manifest is uploaded last, only when the stream or dump is complete: a folder without one is incomplete,
# and restore.sh ignores it.

MYRIAD_SCRIPT=backup
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=SCRIPTDIR/backup-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/backup-lib.sh"
set -u -o pipefail

# Name of the file a complete seeding stream ends with (seed-donor.sh SEED_COMPLETE).
SEED_COMPLETE=myriad-seed.complete

# decide_backup_candidate FACT=VALUE... : what one donor is to a backup (pure). Facts: answers (1/0), writable
# (1: read_only is OFF), io, sql (replica threads Yes/No, empty for none), lag (seconds), version, want (the
# version the plan expects). Prints "replica<TAB>REASON", "primary<TAB>REASON" or "skip<TAB>REASON".
decide_backup_candidate() {
    local answers=0 writable="" io="" sql="" lag="" version="" want="" fact
    for fact in "$@"; do
        case "$fact" in
            answers=*) answers=${fact#*=} ;;
            writable=*) writable=${fact#*=} ;;
            io=*) io=${fact#*=} ;;
            sql=*) sql=${fact#*=} ;;
            lag=*) lag=${fact#*=} ;;
            version=*) version=${fact#*=} ;;
            want=*) want=${fact#*=} ;;
        esac
    done
    if [ "$answers" != 1 ]; then printf 'skip\tdoes not answer\n'; return 0; fi
    if [ -n "$want" ] && [ "${version%%-*}" != "$want" ]; then
        printf 'skip\truns %s, not the primary'"'"'s version %s (a backup is restored by version)\n' "$version" "$want"
        return 0
    fi
    if [ "$writable" = 1 ]; then printf 'primary\tthe writable primary\n'; return 0; fi
    if [ "$io" != Yes ] || [ "$sql" != Yes ]; then printf 'skip\tnot a running replica (IO %s, SQL %s)\n' "${io:-none}" "${sql:-none}"; return 0; fi
    if ! [[ "$lag" =~ ^[0-9]+$ ]] || [ "$lag" -gt "${MYRIAD_MAX_LAG_SECONDS:-0}" ]; then
        printf 'skip\tlags %ss (at most %ss)\n' "${lag:-unknown}" "${MYRIAD_MAX_LAG_SECONDS:-0}"
        return 0
    fi
    printf 'replica\ta ready replica, %ss behind\n' "$lag"
}

# decide_backup_pick CLASS:DONOR... : the donor of the backup from the candidates' classes, in the plan's order
# (pure). The first ready replica; the primary only when no replica is ready (a backup reads every page and
# would slow the writes). Prints "use<TAB>DONOR<TAB>REASON" or "none<TAB>REASON".
decide_backup_pick() {
    local c primary=""
    for c in "$@"; do
        case "$c" in
            replica:*) printf 'use\t%s\ta ready replica\n' "${c#replica:}"; return 0 ;;
            primary:*) [ -n "$primary" ] || primary=${c#primary:} ;;
        esac
    done
    if [ -n "$primary" ]; then printf 'use\t%s\tthe primary: no replica is ready\n' "$primary"; return 0; fi
    printf 'none\tno donor answers as a ready replica or as the primary\n'
}

# decide_backup_prune KEEP STAMP... : the complete backups (stamps, any order) past the newest KEEP, one per line,
# oldest first (pure).
decide_backup_prune() {
    local keep=$1 s i j t n
    shift
    local -a sorted=()
    # Insertion sort in the shell itself (stamps are fixed-width, so text order is time order).
    for s in "$@"; do
        sorted+=("$s")
        for ((j = ${#sorted[@]} - 1; j > 0; j--)); do
            [[ "${sorted[j - 1]}" > "${sorted[j]}" ]] || break
            t=${sorted[j - 1]}
            sorted[j - 1]=${sorted[j]}
            sorted[j]=$t
        done
    done
    n=${#sorted[@]}
    for ((i = 0; i < n - keep; i++)); do printf '%s\n' "${sorted[i]}"; done
}

# donor_facts HOST PORT : the decide_backup_candidate facts of one donor.
donor_facts() {
    local host=$1 port=$2 row status
    if ! row=$(printf 'SELECT @@GLOBAL.version, @@GLOBAL.read_only;\n' | myriad_remote "$MYRIAD_SECRETS_DIR/root.cnf" "$host" "$port" 2>/dev/null); then
        printf 'answers=0\n'
        return 0
    fi
    printf 'answers=1\nversion=%s\nwritable=%s\n' "${row%%$'\t'*}" "$([ "${row#*$'\t'}" = 0 ] && echo 1 || echo 0)"
    status=$(printf '%s;\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS" | myriad_remote "$MYRIAD_SECRETS_DIR/root.cnf" "$host" "$port" --column-names 2>/dev/null | myriad_replica_status_pairs)
    printf 'io=%s\nsql=%s\nlag=%s\n' "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_IO_RUNNING")" \
        "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_SQL_RUNNING")" "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_LAG")"
}

# seed_stream HOST SEEDPORT : the donor's backup stream on stdout, after the seeding endpoint's handshake
# (seed-donor.sh). Returns non-zero with the reason on stderr when the endpoint refuses.
seed_stream() {
    local host=$1 port=$2 fd magic ver nonce status rest proof
    exec {fd}<>"/dev/tcp/$host/$port" 2>/dev/null || { myriad_log "cannot connect to the seeding endpoint $host:$port"; return 1; }
    if ! IFS=' ' read -r -t 30 -u "$fd" magic ver nonce || [ "$magic" != MYRIAD-SEEDING ] || [ "$ver" != 1 ]; then
        myriad_log "$host:$port is not a Myriad seeding endpoint of protocol 1"
        return 1
    fi
    proof=$(myriad_seed_proof "$nonce") || return 1
    printf 'PROOF %s\n' "$proof" >&"$fd"
    if ! IFS=' ' read -r -t 60 -u "$fd" status rest || [ "$status" != OK ]; then
        myriad_log "the donor refused: ${rest:-no answer}"
        return 1
    fi
    myriad_log "streaming the backup of $host ($rest)"
    cat <&"$fd"
}

# upload_checked NAME MARKER : uploads stdin to the backup folder as NAME, keeping its last 64 KiB to check that
# MARKER (the last thing a complete stream or dump carries) arrived. Returns 0 only when both the upload and the
# check succeed.
upload_checked() {
    local name=$1 marker=$2 tailf="$MYRIAD_TEMP_DIR/tail" fifo="$MYRIAD_TEMP_DIR/tee.fifo" tpid rc
    rm -f "$fifo" "$tailf"
    mkfifo "$fifo" || return 1
    tail -c 65536 <"$fifo" >"$tailf" &
    tpid=$!
    tee "$fifo" | backup_rclone rcat "$MYRIAD_BACKUP_TARGET/full/$STAMP/$name"
    rc=$?
    wait "$tpid"
    [ "$rc" -eq 0 ] || return "$rc"
    grep -aq -- "$marker" "$tailf"
}

main() {
    local donors d host port seedport verdict class picked pick_reason started finished rc stamps s
    local -a classes facts
    myriad_require MYRIAD_CLUSTER MYRIAD_BACKUP_METHOD MYRIAD_BACKUP_DONORS MYRIAD_BACKUP_TARGET MYRIAD_RCLONE MYRIAD_BACKUP_KEEP \
        MYRIAD_SECRETS_DIR MYRIAD_CLIENT MYRIAD_VERSION
    myriad_require_tunables MYRIAD_CONNECT_TIMEOUT
    command -v "$MYRIAD_RCLONE" >/dev/null 2>&1 || myriad_die "no rclone at $MYRIAD_RCLONE (the rclone init container copies it there)"
    backup_credentials
    myriad_temp_workdir
    donors=$MYRIAD_BACKUP_DONORS
    classes=()
    for d in $donors; do
        IFS=: read -r host port seedport <<<"$d"
        mapfile -t facts < <(donor_facts "$host" "$port")
        verdict=$(decide_backup_candidate want="$MYRIAD_VERSION" "${facts[@]}")
        class=${verdict%%$'\t'*}
        myriad_log "donor $host:$port: ${verdict#*$'\t'}"
        classes+=("$class:$d")
    done
    verdict=$(decide_backup_pick "${classes[@]}")
    [ "${verdict%%$'\t'*}" = use ] || myriad_die "no backup taken: ${verdict#*$'\t'}"
    picked=$(cut -f2 <<<"$verdict")
    pick_reason=$(cut -f3 <<<"$verdict")
    IFS=: read -r host port seedport <<<"$picked"
    started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    STAMP=$(decide_backup_stamp "$started")
    myriad_log "full backup $STAMP by $MYRIAD_BACKUP_METHOD from $host:$port ($pick_reason) to $MYRIAD_BACKUP_TARGET/full/$STAMP"
    case "$MYRIAD_BACKUP_METHOD" in
        mariadb-backup | xtrabackup)
            seed_stream "$host" "$seedport" | upload_checked "backup.xbstream" "$SEED_COMPLETE"
            rc=$?
            ;;
        logical)
            # shellcheck disable=SC2086 # MYRIAD_DUMP_OPTIONS is a list of options rendered by the plan
            "$MYRIAD_DUMP" --defaults-extra-file="$MYRIAD_SECRETS_DIR/root.cnf" --protocol=TCP --host="$host" --port="$port" \
                ${MYRIAD_DUMP_OPTIONS:-} --all-databases 2>"$MYRIAD_TEMP_DIR/dump.err" | upload_checked "backup.sql" "-- Dump completed"
            rc=$?
            [ "$rc" -eq 0 ] || sed 's/^/    | /' "$MYRIAD_TEMP_DIR/dump.err" >&2
            ;;
        *) myriad_die "unknown MYRIAD_BACKUP_METHOD '$MYRIAD_BACKUP_METHOD'" ;;
    esac
    [ "$rc" -eq 0 ] || myriad_die "the backup $STAMP is incomplete (exit $rc): no manifest is written, so it is never restored; the next scheduled run takes a new one"
    finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    printf 'method=%s\nversion=%s\nflavor=%s\ndonor=%s\nstarted=%s\nfinished=%s\n' "$MYRIAD_BACKUP_METHOD" "$MYRIAD_VERSION" \
        "${MYRIAD_FLAVOR:-}" "$host:$port" "$started" "$finished" | backup_rclone rcat "$MYRIAD_BACKUP_TARGET/full/$STAMP/manifest" ||
        myriad_die "cannot upload the manifest of $STAMP"
    myriad_log "full backup $STAMP complete ($started .. $finished)"
    # Retention: only complete backups count; an incomplete folder older than the oldest kept one is removed too.
    stamps=$(backup_rclone lsf --dirs-only "$MYRIAD_BACKUP_TARGET/full/" | tr -d / | while read -r s; do
        backup_rclone lsf "$MYRIAD_BACKUP_TARGET/full/$s/manifest" >/dev/null 2>&1 && printf '%s\n' "$s"
    done)
    # shellcheck disable=SC2086 # stamps are folder names without spaces
    for s in $(decide_backup_prune "$MYRIAD_BACKUP_KEEP" $stamps); do
        myriad_log "retention ($MYRIAD_BACKUP_KEEP full backups): removing $s"
        backup_rclone purge "$MYRIAD_BACKUP_TARGET/full/$s" || myriad_log "WARNING: cannot remove $s"
    done
}

STAMP=""
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    trap 'myriad_temp_cleanup' EXIT
    main "$@"
fi
