#!/usr/bin/env bash
# Myriad replication.sh: the replication channel on the temporary server (the planned source, the group
# recovery channel, persisted read-only settings). Sourced by init.sh after lib.sh; defines functions only.

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

# current_source : the temporary server's replication channel, "HOST<TAB>PORT<TAB>POSITIONING" (all empty when
# none is configured). Returns 1 when the status cannot be read: the caller dies, in its own shell.
current_source() {
    local status
    status=$(printf '%s;\n' "$MYRIAD_SQL_SHOW_REPLICA_STATUS" | myriad_temp_sql "$ROOT_CNF" --column-names | myriad_replica_status_pairs) \
        || return 1
    printf '%s\t%s\t%s\n' "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_SOURCE_HOST")" \
        "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_SOURCE_PORT")" \
        "$(printf '%s\n' "$status" | myriad_pair "$MYRIAD_COL_AUTO_POSITION")"
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
    local decision scope reason current host port positioning
    myriad_require MYRIAD_SOURCE_HOST MYRIAD_SOURCE_PORT MYRIAD_COL_AUTO_POSITION
    current=$(current_source) || myriad_die "cannot read the replication status"
    IFS=$'\t' read -r host port positioning <<<"$current"
    decision=$(decide_source_scope "$host" "$port" "$positioning")
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

