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
#
# This file keeps the orchestration; the concerns live beside it (docs/runtime.md, "The scripts"):
# bootstrap.sh (data directory, bootstrap verdicts), accounts.sh, replication.sh (the channel), promotion.sh
# (switchover, failover, fencing) and seeding.sh (clone, physical stream, logical copy). Functions hand their
# results back on stdout (tab-separated fields or FACT=VALUE lines), never in globals.

MYRIAD_SCRIPT=init
MYRIAD_SCRIPTS_DIR=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=SCRIPTDIR/lib.sh
. "$MYRIAD_SCRIPTS_DIR/lib.sh"
# shellcheck source=SCRIPTDIR/bootstrap.sh
. "$MYRIAD_SCRIPTS_DIR/bootstrap.sh"
# shellcheck source=SCRIPTDIR/accounts.sh
. "$MYRIAD_SCRIPTS_DIR/accounts.sh"
# shellcheck source=SCRIPTDIR/replication.sh
. "$MYRIAD_SCRIPTS_DIR/replication.sh"
# shellcheck source=SCRIPTDIR/promotion.sh
. "$MYRIAD_SCRIPTS_DIR/promotion.sh"
# shellcheck source=SCRIPTDIR/seeding.sh
. "$MYRIAD_SCRIPTS_DIR/seeding.sh"
set -u -o pipefail

# Marker and staging names (DATA_DIR_MARKERS in components/runtime/contract.ts).
MARKER_DONE=myriad-bootstrap.done
MARKER_PENDING=myriad-bootstrap.pending
MARKER_GROUP_BOOTSTRAP=myriad-group-bootstrap
STAGING_NAME=.myriad-staging

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
    local decision verdict how reason out datadir="" entries=""
    local -a facts more
    init_setup
    myriad_log "instance $MYRIAD_CLUSTER-$MYRIAD_ORDINAL: $MYRIAD_FLAVOR $MYRIAD_VERSION, role $MYRIAD_ROLE, mode $MYRIAD_MODE, server_id $MYRIAD_SERVER_ID"
    [ ! -f "$PENDING" ] || discard_interrupted_bootstrap
    # Before the gathering, which runs in subshells: their error files live here, removed on exit.
    myriad_temp_workdir

    # Gather (the waits only when the decision needs them; nothing is written before the decision). Each
    # gathering prints its facts as FACT=VALUE lines.
    mapfile -t facts < <(gather_datadir)
    myriad_facts "datadir entries" "${facts[@]}" || myriad_die "internal error: gather_datadir printed ${facts[*]}"
    facts+=(role="$ROLE" seeding="${MYRIAD_SEEDING:-}" seeding_reason="${MYRIAD_SEEDING_REASON:-}")
    case "$(facts_needed "$datadir" "$ROLE" "${MYRIAD_SEEDING:-}")" in
        peers) out=$(survey_peers) || exit 1 ;;
        source) out=$(gather_source) || exit 1 ;;
        *) out="" ;;
    esac
    if [ -n "$out" ]; then
        mapfile -t more <<<"$out"
        facts+=("${more[@]}")
    fi

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
