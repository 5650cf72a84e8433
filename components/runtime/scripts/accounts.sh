#!/usr/bin/env bash
# Myriad accounts.sh: the accounts Myriad manages (root, myriad_repl, myriad_monitor), the fresh server's
# securing and MariaDB's admin write guard. Sourced by init.sh after lib.sh; defines functions only.

# The CREATE/ALTER clause of an account's password, with the plugin where one is forced (MySQL family only).
identified() {
    local plugin=$1 password=$2
    if [ -n "$plugin" ] && [ "$MYRIAD_GTID" = mysql ]; then
        printf 'IDENTIFIED WITH %s BY %s' "$plugin" "$(myriad_sql_string "$password")"
    else
        printf 'IDENTIFIED BY %s' "$(myriad_sql_string "$password")"
    fi
}

# SQL that creates or re-asserts root, myriad_repl and myriad_monitor. Local only: sql_log_bin=0, so the
# accounts never create GTIDs of their own (no errant transactions on replicas, none for group joins).
# With $1 = with-role, root first enables the replica-writer role: re-granting ALL PRIVILEGES needs the
# READ_ONLY ADMIN that root no longer holds itself (MariaDB 10.11.0+).
accounts_sql() {
    local root repl monitor
    root=$(myriad_secret root-password) || exit 1
    repl=$(myriad_secret replication-password) || exit 1
    monitor=$(myriad_secret monitor-password) || exit 1
    [ "${1:-}" = with-role ] && printf "SET ROLE '%s';\n" "$MYRIAD_REPLICA_WRITER_ROLE"
    cat <<SQL
SET SESSION sql_log_bin = 0;
SET SESSION sql_mode = '';
CREATE USER IF NOT EXISTS 'root'@'localhost' $(identified "" "$root");
ALTER USER 'root'@'localhost' $(identified "" "$root");
GRANT ALL PRIVILEGES ON *.* TO 'root'@'localhost' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'root'@'%' $(identified "" "$root");
ALTER USER 'root'@'%' $(identified "" "$root");
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'myriad_repl'@'%' $(identified "${MYRIAD_REPL_AUTH_PLUGIN:-}" "$repl");
ALTER USER 'myriad_repl'@'%' $(identified "${MYRIAD_REPL_AUTH_PLUGIN:-}" "$repl");
GRANT $MYRIAD_REPL_PRIVILEGES ON *.* TO 'myriad_repl'@'%';
CREATE USER IF NOT EXISTS 'myriad_monitor'@'%' $(identified "" "$monitor");
ALTER USER 'myriad_monitor'@'%' $(identified "" "$monitor");
GRANT $MYRIAD_MONITOR_PRIVILEGES ON *.* TO 'myriad_monitor'@'%';
GRANT SELECT ON performance_schema.* TO 'myriad_monitor'@'%';
SQL
    admin_write_guard_sql
}

# MariaDB 10.11.0+ (MYRIAD_ADMIN_REVOKE set): root gives up READ_ONLY ADMIN, so read_only refuses its writes on
# a replica; the privilege lives in a role granted to root but never made a default role, which an operator
# enables deliberately for one session (SET ROLE). MySQL and Percona need nothing: super_read_only binds root.
admin_write_guard_sql() {
    [ -n "${MYRIAD_ADMIN_REVOKE:-}" ] || return 0
    myriad_require MYRIAD_REPLICA_WRITER_ROLE
    cat <<SQL
REVOKE $MYRIAD_ADMIN_REVOKE ON *.* FROM 'root'@'localhost';
REVOKE $MYRIAD_ADMIN_REVOKE ON *.* FROM 'root'@'%';
CREATE ROLE IF NOT EXISTS '$MYRIAD_REPLICA_WRITER_ROLE';
GRANT $MYRIAD_ADMIN_REVOKE ON *.* TO '$MYRIAD_REPLICA_WRITER_ROLE';
GRANT '$MYRIAD_REPLICA_WRITER_ROLE' TO 'root'@'localhost';
GRANT '$MYRIAD_REPLICA_WRITER_ROLE' TO 'root'@'%';
SET DEFAULT ROLE NONE FOR 'root'@'localhost';
SET DEFAULT ROLE NONE FOR 'root'@'%';
SQL
}

# Drops accounts a fresh initialisation creates without a password: anonymous users and root@<other hosts>
# (MariaDB's installer creates root@127.0.0.1, root@::1 and root@<hostname>).
# Runs on a freshly initialised server, whose root@localhost has no password yet.
drop_default_accounts() {
    local stmts
    stmts=$(printf "SELECT CONCAT('DROP USER ', QUOTE(user), '@', QUOTE(host), ';') FROM mysql.user WHERE user = '' OR (user = 'root' AND host NOT IN ('localhost', '%%'));\n" \
        | myriad_temp_sql /dev/null --user=root) || myriad_die "cannot list default accounts"
    [ -z "$stmts" ] && return 0
    myriad_log "dropping passwordless default accounts: $(printf '%s' "$stmts" | tr '\n' ' ')"
    { echo "SET SESSION sql_log_bin = 0;"; printf '%s\n' "$stmts"; } | myriad_temp_sql /dev/null --user=root || myriad_die "cannot drop default accounts"
}

# On a freshly initialised server (root without password): secure it and create the accounts. The installer's
# 'test' schema (older MariaDB installers create it) goes too: nobody has data in a fresh server.
secure_fresh_server() {
    drop_default_accounts
    printf 'SET SESSION sql_log_bin = 0;\nDROP DATABASE IF EXISTS test;\n' | myriad_temp_sql /dev/null --user=root || myriad_die "cannot drop the test schema"
    accounts_sql | myriad_temp_sql /dev/null --user=root || myriad_die "cannot create the accounts"
    myriad_log "accounts root, myriad_repl, myriad_monitor created (not binary-logged)"
}

# decide_account_role ADMIN_REVOKE ROLE_GRANTED : prints with-role when root must enable the replica-writer
# role before re-asserting the accounts (root gave up READ_ONLY ADMIN and holds the role), nothing otherwise.
decide_account_role() {
    [ -n "$1" ] && [ "$2" = 1 ] && echo with-role
    return 0
}

ensure_accounts() {
    local granted=0 mode
    if [ -n "${MYRIAD_ADMIN_REVOKE:-}" ]; then
        granted=$(printf "SELECT COUNT(*) FROM information_schema.APPLICABLE_ROLES WHERE ROLE_NAME = %s;\n" \
            "$(myriad_sql_string "$MYRIAD_REPLICA_WRITER_ROLE")" | myriad_temp_sql "$ROOT_CNF") \
            || myriad_die "cannot read root's roles (does root-password match the server's root password?)"
    fi
    mode=$(decide_account_role "${MYRIAD_ADMIN_REVOKE:-}" "$granted")
    accounts_sql "$mode" | myriad_temp_sql "$ROOT_CNF" || myriad_die "cannot re-assert the accounts (does root-password match the server's root password?)"
    myriad_log "accounts re-asserted (not binary-logged)"
}

