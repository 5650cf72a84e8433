/**
 * The metrics exporter beside each instance: the Prometheus `mysqld_exporter`
 * (https://github.com/prometheus/mysqld_exporter). One function builds its arguments for both the pod's sidecar
 * and the local runner (`myriad local up`), so both run the same collectors.
 *
 * The flags are those of mysqld_exporter 0.14.0, the release of the default image (`DEFAULT_EXPORTER_IMAGE`)
 * and of the Debian package `prometheus-mysqld-exporter` the local runs use. The credentials come from a client
 * option file (`--config.my-cnf`), never from an argument or an environment variable.
 */
import type { ReplicationMode } from "../spec/types";
import { METRICS_PATH } from "./contract";

/** What the exporter reads beyond its defaults, and why (docs/observability.md lists the metrics). */
export const EXPORTER_COLLECTORS = {
    /** Every mode: status counters (incl. `Rpl_semi_sync_*`), variables (server_id, gtid_mode, read_only), replica status, InnoDB, binary logs. */
    common: [
        "--collect.global_status",
        "--collect.global_variables",
        "--collect.slave_status",
        "--collect.info_schema.innodb_metrics",
        "--collect.engine_innodb_status",
        "--collect.binlog_size",
    ],
    /** Group Replication: the members as each member sees them, and their transaction statistics. */
    group: ["--collect.perf_schema.replication_group_members", "--collect.perf_schema.replication_group_member_stats"],
} as const;

/** Where the exporter finds its credentials and where it listens. */
export interface ExporterOptions {
    /** Client option file with `[client]` user, password, host and port of the monitoring account. */
    myCnf: string;
    /** `host:port` to serve metrics on (`:9104` in a pod: every interface; `127.0.0.1:<port>` locally). */
    listenAddress: string;
    /** The cluster's replication mode: group mode adds the Group Replication collectors. */
    mode: ReplicationMode;
}

/** The exporter's command-line arguments (never a credential). */
export function exporterArgs(o: ExporterOptions): string[] {
    return [
        `--config.my-cnf=${o.myCnf}`,
        `--web.listen-address=${o.listenAddress}`,
        `--web.telemetry-path=${METRICS_PATH}`,
        ...EXPORTER_COLLECTORS.common,
        ...(o.mode === "group" ? EXPORTER_COLLECTORS.group : []),
    ];
}
