/**
 * Bounds of specification values that the server imposes. Each is its own concept, even where two are equal.
 */

/**
 * Largest valid `server_id`: the variable is 1..2^32-1, and 0 disables replication
 * (https://dev.mysql.com/doc/refman/8.0/en/replication-options.html#sysvar_server_id).
 */
export const MAX_SERVER_ID = 4294967295;

/** Smallest `server_id` a replicating server may have (0 refuses to replicate). */
export const MIN_SERVER_ID = 1;

/**
 * Largest `rpl_semi_sync_source_timeout` (`rpl_semi_sync_master_timeout`), in milliseconds
 * (https://dev.mysql.com/doc/refman/8.0/en/replication-options-source.html#sysvar_rpl_semi_sync_source_timeout).
 */
export const MAX_SEMISYNC_TIMEOUT_MS = 4294967295;

/** Longest namespace and template name: a DNS-1123 label (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/). */
export const MAX_DNS_LABEL = 63;
