#!/usr/bin/env bash
# Myriad seed-donor.sh: the seeding endpoint of an instance whose image carries a physical backup tool
# (mariadb-backup or Percona XtraBackup). In a pod it is the `seed` sidecar (same image as mysqld, the data
# volume mounted read-only, the credentials Secret mounted like the init container's); in local runs a
# process beside the server. A physical backup needs the data directory itself, so it can only be taken in
# the donor's pod: a new replica's init.sh connects here and receives the backup as a stream
# (docs/runtime.md#physical-seeding).
#
#   seed-donor.sh         listens on MYRIAD_SEED_PORT with socat; each connection runs `seed-donor.sh serve`,
#                         one at a time (further connections wait in the listen queue)
#   seed-donor.sh serve   one connection on stdin/stdout:
#       donor  -> "MYRIAD-SEEDING 1 <nonce>"     a fresh 128-bit nonce from /dev/urandom
#       client -> "PROOF <hex>"               myriad_seed_proof (lib.sh): SHA-256 of a label, the nonce and the replication
#                                             password (the password never crosses the network; a recorded
#                                             proof is useless for another nonce)
#       donor  -> "OK <tool version>" and the backup as an xbstream, followed by the file
#                 myriad-seed.complete only when the backup tool exited 0; or "ERR <reason>" and close.
# The stream itself is not encrypted: it crosses the pod network like the replication stream; restrict the
# seeding port with a NetworkPolicy where that network is shared (docs/runtime.md#physical-seeding).
# Credentials come from files only: root.cnf for the backup tool (--defaults-extra-file), the replication
# password for the proof (read into the shell, fed to sha256sum on stdin); never a command line.

MYRIAD_SCRIPT=seed-donor
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -u -o pipefail

# Name of the file appended to a complete stream (SEED_COMPLETE_FILE in seeding.sh).
SEED_COMPLETE=myriad-seed.complete

# decide_serve TOOL_PRESENT STREAM_PRESENT PROOF_OK : what one connection gets. Prints "serve", or
# "refuse<TAB>REASON". Pure.
decide_serve() {
    if [ "$3" != 1 ]; then
        printf 'refuse\tauthentication failed (wrong proof: the recipient does not hold this cluster'"'"'s replication password)\n'
    elif [ "$1" != 1 ]; then
        printf 'refuse\tthe donor image has no %s on PATH (the template declares backupTool %s): use an image that carries it, or set backupTool: none to seed by a logical copy\n' "${MYRIAD_BACKUP_TOOL:-?}" "${MYRIAD_BACKUP_TOOL:-?}"
    elif [ "$2" != 1 ]; then
        printf 'refuse\tthe donor image has no %s on PATH (needed with %s)\n' "${MYRIAD_BACKUP_STREAM:-?}" "${MYRIAD_BACKUP_TOOL:-?}"
    else
        printf 'serve\n'
    fi
}

has_program() { [ -n "$1" ] && command -v "$1" >/dev/null 2>&1; }

# serve : one connection (stdin/stdout are the socket). Logs go to stderr (the container log).
serve() {
    local nonce line proof expected verdict reason work rc version
    nonce=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    [ "${#nonce}" -eq 32 ] || { myriad_log "cannot read a nonce from /dev/urandom"; return 1; }
    printf 'MYRIAD-SEEDING 1 %s\n' "$nonce"
    IFS= read -r -t 30 line || { myriad_log "a client connected but sent no proof within 30s"; return 0; }
    proof=${line#PROOF }
    expected=$(myriad_seed_proof "$nonce") || return 1
    local ok=0
    [ "$line" != "$proof" ] && [ "$proof" = "$expected" ] && ok=1
    verdict=$(decide_serve "$(has_program "${MYRIAD_BACKUP_TOOL:-}" && echo 1 || echo 0)" \
        "$(has_program "${MYRIAD_BACKUP_STREAM:-}" && echo 1 || echo 0)" "$ok")
    if [ "${verdict%%$'\t'*}" != serve ]; then
        reason=${verdict#*$'\t'}
        myriad_log "refusing a seeding request: $reason"
        printf 'ERR %s\n' "$reason"
        return 0
    fi
    version=$("$MYRIAD_BACKUP_TOOL" --version 2>&1 | head -n 1 | tr '\t' ' ')
    myriad_temp_workdir
    work="$MYRIAD_TEMP_DIR/backup"
    mkdir -p "$work" "$MYRIAD_TEMP_DIR/complete" || return 1
    myriad_log "streaming a physical backup ($MYRIAD_BACKUP_TOOL --backup --stream=xbstream) to a new replica"
    printf 'OK %s\n' "$version"
    # The tool takes one option file: it includes the server's own (datadir, InnoDB layout) and the root
    # credentials (no copy of them is written). TCP to the server of this pod (or local instance).
    # --target-dir only holds the tool's scratch files.
    (umask 077 && printf '!include %s\n!include %s\n' "$MYRIAD_CONFIG" "$MYRIAD_SECRETS_DIR/root.cnf" >"$MYRIAD_TEMP_DIR/backup.cnf") || return 1
    "$MYRIAD_BACKUP_TOOL" --defaults-file="$MYRIAD_TEMP_DIR/backup.cnf" \
        --backup --stream=xbstream --target-dir="$work" --datadir="$MYRIAD_DATADIR" \
        --host="$MYRIAD_LOCAL_ADDRESS" --port="$MYRIAD_PORT" 2>"$MYRIAD_TEMP_DIR/backup.log"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        myriad_log "the backup failed (exit $rc); the stream ends without $SEED_COMPLETE, so the recipient discards it. Last lines:"
        tail -n 15 "$MYRIAD_TEMP_DIR/backup.log" | sed 's/^/    | /' >&2
        return 0
    fi
    printf 'tool=%s\ndate=%s\n' "$version" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$MYRIAD_TEMP_DIR/complete/$SEED_COMPLETE"
    (cd "$MYRIAD_TEMP_DIR/complete" && "$MYRIAD_BACKUP_STREAM" -c "$SEED_COMPLETE") || { myriad_log "cannot append $SEED_COMPLETE"; return 0; }
    myriad_log "backup streamed completely ($(grep -c . "$MYRIAD_TEMP_DIR/backup.log") log lines)"
}

# listen : the endpoint. Without socat it cannot listen: it says so and stays up (a crashing sidecar would
# take the donor's pod out of its Services), and recipients report the refused connection.
listen() {
    myriad_require MYRIAD_SEED_PORT MYRIAD_SEED_BIND MYRIAD_SECRETS_DIR MYRIAD_CONFIG MYRIAD_DATADIR MYRIAD_PORT MYRIAD_LOCAL_ADDRESS
    local bind=$MYRIAD_SEED_BIND lacking=""
    has_program "${MYRIAD_BACKUP_TOOL:-}" || lacking="${MYRIAD_BACKUP_TOOL:-a backup tool}"
    has_program "${MYRIAD_BACKUP_STREAM:-}" || lacking="${lacking:+$lacking, }${MYRIAD_BACKUP_STREAM:-a stream extractor}"
    [ -z "$lacking" ] || myriad_log "WARNING: this image lacks $lacking: seeding requests will be refused with that reason"
    if ! has_program socat; then
        myriad_log "ERROR: this image has no socat, so this instance cannot serve as a seeding donor (new replicas report the refused connection and use another donor); the official MariaDB images carry socat"
        while :; do sleep 3600; done
    fi
    myriad_log "seeding endpoint listening on $bind:$MYRIAD_SEED_PORT (one backup at a time)"
    exec socat "TCP-LISTEN:$MYRIAD_SEED_PORT,bind=$bind,reuseaddr,fork,max-children=1" EXEC:"$BASH ${BASH_SOURCE[0]} serve"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    trap 'myriad_temp_cleanup' EXIT
    case "${1:-listen}" in
        serve) serve ;;
        listen) listen ;;
        *) myriad_die "usage: seed-donor.sh [listen|serve]" ;;
    esac
fi
