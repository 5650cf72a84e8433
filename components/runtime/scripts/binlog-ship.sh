#!/usr/bin/env bash
# Myriad binlog-ship.sh: continuous binary-log shipping (docs/backup.md#binary-logs). In Kubernetes the `binlog`
# sidecar of every instance of a cluster with `backup.binlogs: continuous` (the instance's image, rclone copied in
# from its pinned image); in local runs a process beside each server. It ships only while its instance is the
# writable primary, so shipping follows the primary across switchovers and failovers with no configuration change.
#
# Loop, every MYRIAD_BINLOG_POLL_SECONDS:
#   gather   whether the local server is writable (read_only OFF), its binary logs, the last file uploaded
#   decide   decide_ship_role (ship or idle), decide_binlog_start (the file to fetch from, or a gap to report),
#            decide_binlog_upload (per spooled file: upload, done, or wait)
#   act      while shipping: the open binary log is closed (FLUSH BINARY LOGS) whenever it grew since the last poll,
#            because the reader writes a file out only as it closes; `<binlog> --read-from-remote-server --raw --stop-never` copies the server's binary
#            logs, event by event, into a spool directory; each file whose size changed is uploaded to
#            <folder>/binlog/<server_id>/<file> (the open file again as it grows, so the recovery point trails
#            the primary by about one poll interval); a closed file, once uploaded whole, leaves the spool.
# A binary log purged from the server before it was uploaded is a gap: logged as "GAP", never hidden.

MYRIAD_SCRIPT=binlog-ship
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=SCRIPTDIR/backup-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/backup-lib.sh"
set -u -o pipefail

# decide_ship_role WRITABLE : "ship" when the local server answers and is writable (1), else "idle" (0: a replica
# or read-only; empty: it does not answer). Pure.
decide_ship_role() {
    case "$1" in
        1) printf 'ship\tthis instance is the writable primary\n' ;;
        0) printf 'idle\tthis instance is read-only (a replica, or a primary held read-only)\n' ;;
        *) printf 'idle\tthe local server does not answer\n' ;;
    esac
}

# binlog_seq FILE : the sequence number of a binary log file name (mysql-bin.000042 -> 42). Pure.
binlog_seq() {
    local n=${1##*.}
    [[ "$n" =~ ^[0-9]+$ ]] || { printf -- '-1\n'; return 0; }
    printf '%d\n' "$((10#$n))"
}

# decide_binlog_start LAST FILE... : where shipping starts, from the last file uploaded for this server (LAST, empty
# for none) and the server's binary logs, oldest first (pure). Prints "start<TAB>FILE<TAB>REASON" or
# "gap<TAB>FILE<TAB>REASON" (files between LAST and FILE were purged before they were uploaded), or
# "none<TAB>REASON" when the server has no binary log.
decide_binlog_start() {
    local last=$1 first f
    shift
    [ "$#" -gt 0 ] || { printf 'none\tthe server lists no binary log (is log_bin on?)\n'; return 0; }
    first=$1
    if [ -z "$last" ]; then printf 'start\t%s\tnothing uploaded yet for this server: from its oldest binary log\n' "$first"; return 0; fi
    for f in "$@"; do
        if [ "$f" = "$last" ]; then printf 'start\t%s\tthe last file uploaded, fetched again whole\n' "$f"; return 0; fi
    done
    if [ "$(binlog_seq "$first")" -le "$(($(binlog_seq "$last") + 1))" ]; then
        printf 'start\t%s\tthe file after the last one uploaded (%s)\n' "$first" "$last"
        return 0
    fi
    printf 'gap\t%s\tthe files after %s up to before %s were purged from the server before they were uploaded\n' "$first" "$last" "$first"
}

# decide_binlog_upload FILE SIZE UPLOADED NEWEST : what to do with one spooled file (pure): SIZE its size now,
# UPLOADED the size last uploaded (empty: never), NEWEST the newest spooled file (the one the server still writes).
# Prints "upload" (it changed), "done" (closed and uploaded whole: remove it from the spool) or "wait".
decide_binlog_upload() {
    local file=$1 size=$2 uploaded=$3 newest=$4
    if [ "$size" != "$uploaded" ]; then printf 'upload\n'; return 0; fi
    if [ "$file" != "$newest" ]; then printf 'done\n'; return 0; fi
    printf 'wait\n'
}

# decide_binlog_rotate NOW LAST : whether to close the server's open binary log (pure). NOW is "file position" of the
# server now, LAST the same right after the previous rotation (empty: none yet). The binary-log reader writes a file
# out whole only when the file closes, so a file that grew is closed every poll: the recovery point stays about one
# poll interval. Prints "rotate" or "keep".
decide_binlog_rotate() {
    if [ -n "$1" ] && [ "$1" != "$2" ]; then printf 'rotate\n'; else printf 'keep\n'; fi
}

FETCH_PID=""
SPOOL=""
ROTATED=""

stop_fetch() {
    [ -n "$FETCH_PID" ] || return 0
    kill "$FETCH_PID" 2>/dev/null
    wait "$FETCH_PID" 2>/dev/null
    FETCH_PID=""
}

# writable : 1 when the local server answers with read_only OFF, 0 when read-only, empty when it does not answer.
writable() {
    local ro
    ro=$(printf 'SELECT @@GLOBAL.read_only;\n' | myriad_local_tcp "$MYRIAD_SECRETS_DIR/monitor.cnf" 2>/dev/null) || return 0
    [ "$ro" = 0 ] && echo 1 || echo 0
}

# start_fetch : starts the binary-log reader from the file decide_binlog_start chooses.
start_fetch() {
    local last files verdict file
    files=$(printf 'SHOW BINARY LOGS;\n' | myriad_local_tcp "$MYRIAD_SECRETS_DIR/root.cnf" 2>/dev/null | cut -f1) || return 1
    last=$(backup_rclone lsf --files-only "$MYRIAD_BACKUP_TARGET/binlog/$MYRIAD_SERVER_ID/" 2>/dev/null | sort | tail -n 1)
    # shellcheck disable=SC2086 # binary log names have no spaces
    verdict=$(decide_binlog_start "$last" $files)
    file=$(cut -f2 <<<"$verdict")
    case "${verdict%%$'\t'*}" in
        none) myriad_log "${verdict#*$'\t'}"; return 1 ;;
        gap) myriad_log "GAP: $(cut -f3 <<<"$verdict"); shipping resumes at $file. A restore cannot cross this gap: take a full backup now (myriad local backup, or kubectl create job --from=cronjob/$MYRIAD_CLUSTER-backup)" ;;
        *) myriad_log "shipping from $file: $(cut -f3 <<<"$verdict")" ;;
    esac
    (cd "$SPOOL" && exec "$MYRIAD_BINLOG" --defaults-extra-file="$MYRIAD_SECRETS_DIR/root.cnf" --read-from-remote-server \
        --protocol=TCP --host="$MYRIAD_LOCAL_ADDRESS" --port="$MYRIAD_PORT" --raw --stop-never "$file") 2>>"$SPOOL/.reader.log" &
    FETCH_PID=$!
}

# rotate_if_grown : closes the server's open binary log when events were written to it since the last rotation.
rotate_if_grown() {
    local now
    now=$(printf 'SHOW MASTER STATUS;\n' | myriad_local_tcp "$MYRIAD_SECRETS_DIR/root.cnf" 2>/dev/null | cut -f1,2 | tr '\t' ' ')
    [ "$(decide_binlog_rotate "$now" "$ROTATED")" = rotate ] || return 0
    # NO_WRITE_TO_BINLOG: the statement is not replicated (each server rotates its own logs).
    printf 'FLUSH NO_WRITE_TO_BINLOG BINARY LOGS;\n' | myriad_local_tcp "$MYRIAD_SECRETS_DIR/root.cnf" >/dev/null 2>&1 || return 0
    ROTATED=$(printf 'SHOW MASTER STATUS;\n' | myriad_local_tcp "$MYRIAD_SECRETS_DIR/root.cnf" 2>/dev/null | cut -f1,2 | tr '\t' ' ')
}

# upload_changed : uploads every spooled file whose size changed; removes closed files uploaded whole.
upload_changed() {
    local newest f size uploaded verdict state="$SPOOL/.uploaded"
    touch "$state"
    newest=$(cd "$SPOOL" && find . -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | sort | tail -n 1)
    [ -n "$newest" ] || return 0
    while IFS= read -r f; do
        size=$(stat -c %s "$SPOOL/$f") || continue
        uploaded=$(awk -v f="$f" '$1 == f { s = $2 } END { print s }' "$state")
        verdict=$(decide_binlog_upload "$f" "$size" "$uploaded" "$newest")
        case "$verdict" in
            upload)
                if backup_rclone copyto "$SPOOL/$f" "$MYRIAD_BACKUP_TARGET/binlog/$MYRIAD_SERVER_ID/$f"; then
                    printf '%s %s\n' "$f" "$size" >>"$state"
                else
                    myriad_log "WARNING: cannot upload $f (retrying)"
                fi
                ;;
            done) rm -f "$SPOOL/$f" ;;
        esac
    done < <(cd "$SPOOL" && find . -maxdepth 1 -type f ! -name '.*' -printf '%f\n' | sort)
}

main() {
    local role last_role="" verdict
    myriad_require MYRIAD_CLUSTER MYRIAD_SERVER_ID MYRIAD_BACKUP_TARGET MYRIAD_RCLONE MYRIAD_BINLOG MYRIAD_BINLOG_SPOOL \
        MYRIAD_BINLOG_POLL_SECONDS MYRIAD_SECRETS_DIR MYRIAD_CLIENT MYRIAD_LOCAL_ADDRESS MYRIAD_PORT
    myriad_require_tunables MYRIAD_CONNECT_TIMEOUT
    command -v "$MYRIAD_RCLONE" >/dev/null 2>&1 || myriad_die "no rclone at $MYRIAD_RCLONE"
    command -v "$MYRIAD_BINLOG" >/dev/null 2>&1 || myriad_die "this image has no $MYRIAD_BINLOG: binary logs cannot be shipped"
    backup_credentials
    SPOOL=$MYRIAD_BINLOG_SPOOL
    mkdir -p "$SPOOL" || myriad_die "cannot create the spool $SPOOL"
    trap 'stop_fetch; exit 0' TERM INT
    while :; do
        verdict=$(decide_ship_role "$(writable)")
        role=${verdict%%$'\t'*}
        [ "$role" = "$last_role" ] || myriad_log "${role}: ${verdict#*$'\t'}"
        last_role=$role
        if [ "$role" = ship ]; then
            if [ -z "$FETCH_PID" ] || ! kill -0 "$FETCH_PID" 2>/dev/null; then
                FETCH_PID=""
                start_fetch || true
            fi
            rotate_if_grown
        else
            stop_fetch
        fi
        upload_changed
        sleep "$MYRIAD_BINLOG_POLL_SECONDS" &
        wait "$!"
    done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
