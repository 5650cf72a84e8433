#!/usr/bin/env bash
# Myriad restore.sh: builds a data directory from a cluster's backups (docs/backup.md#restore): the newest complete
# full backup that finished before the point in time, prepared, then the shipped binary logs replayed up to that
# point, exactly: by GTID from the backup's consistent point, stopping before the first event at or after the
# point in time (or at the end of the shipped logs for `latest`). A restore never runs against a data directory
# that holds data.
#
#   restore.sh DATADIR   MYRIAD_RESTORE_TARGET (the source's folder, an rclone path), MYRIAD_RESTORE_POINT (latest or
#                        YYYY-MM-DDTHH:MM:SSZ), MYRIAD_RESTORE_VERSION (the source's version the plan judged), the
#                        instance environment (temporary server, backup tool, binary-log reader).
# Shape: gather (DATADIR's entries, the backups and their manifests, the binary-log folders), decide
# (decide_restore_target, decide_restore_backup, decide_replay_options), act (download, prepare, replay).

MYRIAD_SCRIPT=restore
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=SCRIPTDIR/backup-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/backup-lib.sh"
set -u -o pipefail

# Written last into a restored data directory (with what was restored).
RESTORE_DONE=myriad-restore.done

# decide_restore_target ENTRIES : "restore" when the data directory is empty (0 entries), else "refuse<TAB>REASON". Pure.
decide_restore_target() {
    if [ "$1" = 0 ]; then printf 'restore\n'; return 0; fi
    printf 'refuse\tthe data directory holds %s entries: a restore never runs against a cluster that holds data (restore into a new cluster, or remove the data deliberately)\n' "$1"
}

# decide_restore_backup POINT WANT STAMP=FINISHED=VERSION... : the backup to restore (pure): the newest complete one
# that finished at or before POINT (latest: the newest), taken from version WANT. Prints "use<TAB>STAMP<TAB>REASON" or
# "none<TAB>REASON".
decide_restore_backup() {
    local point=$1 want=$2 b stamp finished version best="" bestf="" other=""
    shift 2
    for b in "$@"; do
        IFS='=' read -r stamp finished version <<<"$b"
        if [ "$version" != "$want" ]; then other="$other $stamp ($version)"; continue; fi
        if [ "$point" != latest ] && [[ "$finished" > "$point" ]]; then continue; fi
        if [ -z "$best" ] || [[ "$stamp" > "$best" ]]; then best=$stamp; bestf=$finished; fi
    done
    if [ -n "$best" ]; then printf 'use\t%s\tthe newest complete backup finished by %s (at %s)\n' "$best" "$point" "$bestf"; return 0; fi
    printf 'none\tno complete backup of version %s finished by %s%s\n' "$want" "$point" "${other:+ (other versions:$other)}"
}

# decide_replay_options GTIDMODEL GTID POINT : the binary-log reader's options that replay exactly what follows the
# backup's consistent point GTID up to POINT, one per line (pure). MariaDB: --start-position takes a GTID list and
# is exclusive; MySQL: the backup's GTID set is excluded. --stop-datetime stops before the first event at or after
# POINT (the reader runs with TZ=UTC); `latest` replays to the end of the shipped logs.
decide_replay_options() {
    local model=$1 gtid=$2 point=$3 d
    if [ "$model" = mariadb ]; then
        [ -z "$gtid" ] || printf -- '--start-position=%s\n' "$gtid"
    else
        [ -z "$gtid" ] || printf -- '--exclude-gtids=%s\n' "$gtid"
    fi
    if [ "$point" != latest ]; then
        d=${point%Z}
        printf -- '--stop-datetime=%s\n' "${d/T/ }"
    fi
}

main() {
    local datadir=${1:?usage: restore.sh DATADIR} entries verdict stamp line m finished version staging info gtid server files f
    local -a backups opts
    myriad_require MYRIAD_RESTORE_TARGET MYRIAD_RESTORE_POINT MYRIAD_RESTORE_VERSION MYRIAD_RCLONE MYRIAD_BACKUP_TOOL \
        MYRIAD_BACKUP_STREAM MYRIAD_BACKUP_BINLOG_INFO MYRIAD_BINLOG MYRIAD_CONFIG MYRIAD_GTID MYRIAD_SECRETS_DIR
    backup_credentials
    myriad_temp_workdir
    mkdir -p "$datadir" || myriad_die "cannot create $datadir"
    entries=$(find "$datadir" -mindepth 1 -maxdepth 1 | wc -l)
    verdict=$(decide_restore_target "$entries")
    [ "$verdict" = restore ] || myriad_die "${verdict#*$'\t'}"

    backups=()
    while IFS= read -r stamp; do
        stamp=${stamp%/}
        [ -n "$stamp" ] || continue
        m=$(backup_rclone cat "$MYRIAD_RESTORE_TARGET/full/$stamp/manifest" 2>/dev/null) || continue
        finished=$(sed -n 's/^finished=//p' <<<"$m")
        version=$(sed -n 's/^version=//p' <<<"$m")
        backups+=("$stamp=$finished=$version")
    done < <(backup_rclone lsf --dirs-only "$MYRIAD_RESTORE_TARGET/full/" 2>/dev/null)
    verdict=$(decide_restore_backup "$MYRIAD_RESTORE_POINT" "$MYRIAD_RESTORE_VERSION" "${backups[@]}")
    [ "${verdict%%$'\t'*}" = use ] || myriad_die "nothing to restore from $MYRIAD_RESTORE_TARGET: ${verdict#*$'\t'}"
    stamp=$(cut -f2 <<<"$verdict")
    myriad_log "restoring $stamp: $(cut -f3 <<<"$verdict")"

    staging="$datadir/.myriad-restore"
    mkdir -p "$staging" || myriad_die "cannot create $staging"
    backup_rclone cat "$MYRIAD_RESTORE_TARGET/full/$stamp/backup.xbstream" | "$MYRIAD_BACKUP_STREAM" -x -C "$staging" ||
        myriad_die "cannot download and extract $stamp"
    [ -f "$staging/myriad-seed.complete" ] || myriad_die "$stamp is incomplete (no myriad-seed.complete in the stream)"
    rm -f "$staging/myriad-seed.complete"
    "$MYRIAD_BACKUP_TOOL" --defaults-file="$MYRIAD_CONFIG" --prepare --target-dir="$staging" >"$MYRIAD_TEMP_DIR/prepare.log" 2>&1 ||
        { tail -n 30 "$MYRIAD_TEMP_DIR/prepare.log" >&2; myriad_die "$MYRIAD_BACKUP_TOOL --prepare failed"; }
    info=""
    for f in $MYRIAD_BACKUP_BINLOG_INFO; do
        if [ -f "$staging/$f" ]; then info="$staging/$f"; break; fi
    done
    [ -n "$info" ] || myriad_die "the backup holds none of $MYRIAD_BACKUP_BINLOG_INFO: its GTID position is unknown"
    gtid=$(awk -F '\t' 'NR == 1 { print $3; next } { print }' "$info" | tr -d '\n ')
    myriad_log "the backup's consistent point: GTID position '$gtid'"
    for f in "$staging"/* "$staging"/.[!.]*; do
        [ -e "$f" ] || continue
        mv "$f" "$datadir/" || myriad_die "cannot move $f into $datadir"
    done
    rmdir "$staging"

    # The binary logs of the server that shipped last (the primary at the end): a primary's binary log holds every
    # transaction of the cluster (replicas log what they apply), so one server's files, from the GTID position on.
    server=$(backup_rclone lsf --dirs-only "$MYRIAD_RESTORE_TARGET/binlog/" 2>/dev/null | tr -d / | while read -r s; do
        printf '%s %s\n' "$(backup_rclone lsf --files-only --format t "$MYRIAD_RESTORE_TARGET/binlog/$s/" | sort | tail -n 1 | tr ' ' T)" "$s"
    done | sort | tail -n 1 | cut -d' ' -f2)
    myriad_temp_start "$datadir"
    if [ "$MYRIAD_GTID" = mariadb ]; then
        printf "SET SESSION sql_mode = '';\nSET GLOBAL gtid_slave_pos = %s;\n" "$(myriad_sql_string "$gtid")"
    else
        printf "SET SESSION sql_mode = '';\n%s;\nSET GLOBAL gtid_purged = %s;\n" "$MYRIAD_SQL_RESET_BINLOGS" "$(myriad_sql_string "$gtid")"
    fi | myriad_temp_sql "$MYRIAD_SECRETS_DIR/root.cnf" || myriad_die "cannot set the GTID position of the restored data"
    if [ -n "$server" ]; then
        mkdir -p "$MYRIAD_TEMP_DIR/binlog"
        backup_rclone copy "$MYRIAD_RESTORE_TARGET/binlog/$server/" "$MYRIAD_TEMP_DIR/binlog/" || myriad_die "cannot download the binary logs of server $server"
        files=$(cd "$MYRIAD_TEMP_DIR/binlog" && find . -maxdepth 1 -type f -printf '%f\n' | sort)
        mapfile -t opts < <(decide_replay_options "$MYRIAD_GTID" "$gtid" "$MYRIAD_RESTORE_POINT")
        myriad_log "replaying the binary logs of server $server ($(wc -w <<<"$files") files) ${opts[*]}"
        # shellcheck disable=SC2086 # binary log names have no spaces
        (cd "$MYRIAD_TEMP_DIR/binlog" && TZ=UTC "$MYRIAD_BINLOG" "${opts[@]}" $files) 2>"$MYRIAD_TEMP_DIR/replay.err" |
            myriad_temp_sql "$MYRIAD_SECRETS_DIR/root.cnf" ||
            { sed 's/^/    | /' "$MYRIAD_TEMP_DIR/replay.err" >&2; myriad_die "the replay of the binary logs failed"; }
    else
        myriad_log "no binary log was shipped: the restore holds the full backup alone"
    fi
    line=$(printf 'SELECT @@GLOBAL.gtid_binlog_pos;\n' | myriad_temp_sql "$MYRIAD_SECRETS_DIR/root.cnf" 2>/dev/null)
    myriad_temp_stop
    printf 'backup=%s\npoint=%s\nbinlogs=%s\ngtid=%s\n' "$stamp" "$MYRIAD_RESTORE_POINT" "${server:-none}" "$line" >"$datadir/$RESTORE_DONE"
    myriad_log "restored $stamp up to $MYRIAD_RESTORE_POINT into $datadir"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    trap 'myriad_temp_cleanup' EXIT
    main "$@"
fi
