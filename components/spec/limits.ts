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

/**
 * Ordinals a cluster on the default `serverIdBase` may use: 0..4095. The default base is a slot of this many
 * server_ids chosen from the cluster's namespace and name (components/planner/server-id.ts), so a cluster's ids
 * stay inside its own slot; a cluster with higher ordinals sets `serverIdBase` itself.
 */
export const SERVER_ID_SLOT_SIZE = 4096;

/**
 * Slots of the default `serverIdBase`: 1..1048575. Slot 0 (server_ids 1..4095) is never a default, so hand-picked
 * small bases (the conventional 100, 1000) never meet a derived one; the last slot ends at `MAX_SERVER_ID`.
 */
export const SERVER_ID_SLOTS = Math.floor(MAX_SERVER_ID / SERVER_ID_SLOT_SIZE);
