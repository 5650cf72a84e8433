#!/usr/bin/env bash
# Myriad backup-lib.sh: what backup.sh, binlog-ship.sh and restore.sh share. Sourced after lib.sh, never executed.
#
# Storage goes through rclone only (MYRIAD_RCLONE: the binary copied from the pinned rclone image, or Debian's
# rclone in local runs). The remote `myriad` is configured by RCLONE_CONFIG_MYRIAD_* variables: the non-secret ones
# (type, bucket endpoint, region) come rendered in the environment; the credentials are read here from the files of
# the user's Secret (MYRIAD_BACKUP_CREDENTIALS_DIR) into this process's environment, which rclone inherits. No
# credential is ever on a command line, in a ConfigMap or in a log (docs/backup.md#storage).

# decide_rclone_credential FILE : the rclone variable a credential file of the Secret sets, and how: "value<TAB>VAR"
# (the file's content), "path<TAB>VAR" (the file's path), or "ignore" for a file of no storage kind. Pure.
decide_rclone_credential() {
    case "$1" in
        access-key-id) printf 'value\tRCLONE_CONFIG_MYRIAD_ACCESS_KEY_ID\n' ;;
        secret-access-key) printf 'value\tRCLONE_CONFIG_MYRIAD_SECRET_ACCESS_KEY\n' ;;
        service-account.json) printf 'path\tRCLONE_CONFIG_MYRIAD_SERVICE_ACCOUNT_FILE\n' ;;
        account-key) printf 'value\tRCLONE_CONFIG_MYRIAD_KEY\n' ;;
        *) printf 'ignore\n' ;;
    esac
}

# backup_credentials : exports the RCLONE_CONFIG_MYRIAD_* credentials from the Secret's files (none for local storage).
backup_credentials() {
    local dir=${MYRIAD_BACKUP_CREDENTIALS_DIR:-} f name verdict how var value
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        name=${f##*/}
        verdict=$(decide_rclone_credential "$name")
        how=${verdict%%$'\t'*}
        var=${verdict#*$'\t'}
        case "$how" in
            value)
                value=$(<"$f")
                export "$var=$value"
                ;;
            path) export "$var=$f" ;;
        esac
    done
}

# backup_rclone ARGS... : rclone on the `myriad` remote, quiet unless it fails (its own messages name no secret).
backup_rclone() {
    "$MYRIAD_RCLONE" --config /dev/null --quiet "$@"
}

# decide_backup_stamp DATE : the folder name of a full backup started at DATE (YYYY-MM-DDTHH:MM:SSZ): the same
# time without separators, so names sort by time. Pure.
decide_backup_stamp() {
    local d=$1
    [[ "$d" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] || { printf 'invalid\n'; return 0; }
    d=${d//-/}
    d=${d//:/}
    printf '%s\n' "$d"
}
