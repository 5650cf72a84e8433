/**
 * The metrics exporter beside each instance: the Prometheus `mysqld_exporter`
 * (https://github.com/prometheus/mysqld_exporter). One function builds its arguments for both the pod's sidecar
 * and the local runner (`myriad local up`), so both run the same collectors; one table (`EXPORTER_RELEASES`)
 * says which upstream release reads which replica-status syntax, and `defaultExporterImage` picks the default
 * image per server version from it. The policy pack judges a user's image with the same table
 * (`exporterReplicaStatusProblem`, rule `mysql-metrics-present`).
 *
 * The flags `exporterArgs` passes mean the same in every release of the table (checked in each release's
 * `mysqld_exporter.go` and `collector/*.go`): `--config.my-cnf`, `--web.listen-address`, `--web.telemetry-path`
 * and the `--collect.*` switches below. 0.15.0 changed the configuration around them, not them: it removed the
 * `DATA_SOURCE_NAME` variable (never used here), changed the default of `--config.my-cnf` (always passed here)
 * and added `--mysqld.address`, which applies only when the option file's `[client]` has no `host`/`port` (it
 * always has both); the image keeps its entrypoint `/bin/mysqld_exporter` and user `nobody`, and its option-file
 * reader still strips the quotes around `password`. So one argument list serves every release; the Debian package `prometheus-mysqld-exporter`
 * 0.14.0, which the local runs and the real-server tests use, runs the very same arguments. The credentials come
 * from a client option file (`--config.my-cnf`), never from an argument or an environment variable.
 */
import type { Flavor, ReplicationMode } from "../spec/types";
import { parseImage, versionFromTag } from "../versions/image";
import { atLeast, compareVersions, formatVersion, mustParseVersion, type ServerVersion } from "../versions/version";
import { dialectFor } from "../mysqld/dialect";
import { METRICS_PATH } from "./contract";

/** How a release of the exporter reads the replica status (`--collect.slave_status`). */
export type ReplicaStatusSupport =
    /** `SHOW ALL SLAVES STATUS` (MariaDB), then `SHOW SLAVE STATUS`; host and UUID labels from `Master_*` columns only. */
    | "slave-syntax"
    /** Also `SHOW REPLICA STATUS` (MySQL 8.4 removed `SHOW SLAVE STATUS`) and the `Source_Host`/`Source_UUID` columns. */
    | "replica-syntax";

/** One upstream release Myriad has checked, with its image and its release notes. */
export interface ExporterRelease {
    version: string;
    image: string;
    replicaStatus: ReplicaStatusSupport;
    notes: string;
}

/** Where the upstream releases are described. */
export const EXPORTER_RELEASE_NOTES = "https://github.com/prometheus/mysqld_exporter/releases";

/**
 * The releases the defaults use, oldest first. 0.16.0 is the first release that reads `SHOW REPLICA STATUS`
 * ("Support MySQL 8.4 replicas syntax", its CHANGELOG); every later release does too.
 */
export const EXPORTER_RELEASES = {
    /** The release of the Debian package; the default for servers whose replica status uses the `Master_*` names. */
    slaveSyntax: {
        version: "0.14.0",
        image: "prom/mysqld-exporter:v0.14.0",
        replicaStatus: "slave-syntax",
        notes: `${EXPORTER_RELEASE_NOTES}/tag/v0.14.0`,
    },
    /** The first release that reads `SHOW REPLICA STATUS` and the `Source_*` columns. */
    replicaSyntax: {
        version: "0.16.0",
        image: "prom/mysqld-exporter:v0.16.0",
        replicaStatus: "replica-syntax",
        notes: `${EXPORTER_RELEASE_NOTES}/tag/v0.16.0`,
    },
} as const satisfies Record<string, ExporterRelease>;

/** MySQL removed `SHOW SLAVE STATUS` in 8.4.0 (8.0.22 renamed its columns; the dialect table has both). */
export const SHOW_SLAVE_STATUS_REMOVED = "8.4.0";

/** Where MySQL documents the removal. */
export const SHOW_REPLICA_STATUS_84 = "https://dev.mysql.com/doc/refman/8.4/en/show-replica-status.html";

/** A server the exporter watches. */
export interface WatchedServer {
    flavor: Flavor;
    version: string | ServerVersion;
}

function toVersion(v: string | ServerVersion): ServerVersion {
    return typeof v === "string" ? mustParseVersion(v) : v;
}

/**
 * The replica-status support a server needs from its exporter: `replica-syntax` where the server's replica
 * status has the `Source_*` column names (MySQL and Percona 8.0.22+, per the dialect table), `slave-syntax`
 * otherwise (MySQL before 8.0.22, MariaDB).
 */
export function replicaStatusNeeded(server: WatchedServer): ReplicaStatusSupport {
    return dialectFor(server.flavor, server.version).colSourceHost === "Master_Host" ? "slave-syntax" : "replica-syntax";
}

/**
 * The default exporter image of a cluster (`metrics.image` unset): the 0.14.0 release for clusters whose servers
 * all report replica status with the `Master_*` names, else the first release that reads `SHOW REPLICA STATUS`
 * (it reads the older statements too, so a cluster upgrading from 8.0.21 to 8.4 is watched throughout).
 */
export function defaultExporterImage(servers: readonly WatchedServer[]): string {
    const needed = servers.some((s) => replicaStatusNeeded(s) === "replica-syntax");
    return needed ? EXPORTER_RELEASES.replicaSyntax.image : EXPORTER_RELEASES.slaveSyntax.image;
}

/** Repositories of mysqld_exporter images (Docker Hub `prom/`, Quay and GHCR `prometheus/`, other mirrors). */
const EXPORTER_REPOSITORY = /(^|\/)mysqld[-_]exporter$/i;

/** True when the image is a mysqld_exporter (any registry, tag or digest). */
export function isExporterImage(image: string): boolean {
    return EXPORTER_REPOSITORY.test(parseImage(image).repository);
}

/** The upstream release an exporter image's tag names (`v0.14.0`, `0.15.1`, `0.15.1-debian-12-r3`), if any. */
export function exporterImageVersion(image: string): ServerVersion | undefined {
    return isExporterImage(image) ? versionFromTag(parseImage(image).tag) : undefined;
}

/** The replica-status support of an exporter image, when its tag names a release (undefined: not known). */
export function exporterReplicaStatusSupport(image: string): ReplicaStatusSupport | undefined {
    const v = exporterImageVersion(image);
    if (!v) return undefined;
    return releaseReadsReplicaSyntax(v) ? "replica-syntax" : "slave-syntax";
}

/** True when the exporter release reads `SHOW REPLICA STATUS` and the `Source_*` columns. */
export function releaseReadsReplicaSyntax(release: ServerVersion): boolean {
    return compareVersions(release, mustParseVersion(EXPORTER_RELEASES.replicaSyntax.version)) >= 0;
}

/**
 * What goes wrong when mysqld_exporter `release` watches `server`, or undefined when nothing does: the text
 * names the release and the consequence, with the manual page (`mysqld_exporter 0.14.0 reads only ...`).
 */
export function releaseReplicaStatusProblem(server: WatchedServer, release: ServerVersion): string | undefined {
    if (replicaStatusNeeded(server) !== "replica-syntax" || releaseReadsReplicaSyntax(release)) return undefined;
    const sv = toVersion(server.version);
    const what = atLeast(sv, SHOW_SLAVE_STATUS_REMOVED)
        ? `MySQL ${formatVersion(sv)} has no SHOW SLAVE STATUS (removed in ${SHOW_SLAVE_STATUS_REMOVED}, ${SHOW_REPLICA_STATUS_84}), so the exporter reports no replica status: the IO, SQL and lag alerts never fire and MySQLReplicaNotReplicating fires for every replica`
        : `MySQL ${formatVersion(sv)} reports replica status with the Source_* column names (from 8.0.22), which the exporter does not read for its master_host label, so MySQLReplicationSourceUnexpected fires for every replica`;
    return `mysqld_exporter ${formatVersion(release)}, which reads only SHOW SLAVE STATUS with the Master_* columns; ${what}`;
}

/**
 * What goes wrong when `image` watches `server`, or undefined when nothing does (or the image's release is not
 * known: a digest, `latest`, another exporter). The text names the image, the consequence, the release to use
 * and where both facts come from.
 */
export function exporterReplicaStatusProblem(server: WatchedServer, image: string): string | undefined {
    const v = exporterImageVersion(image);
    const problem = v && releaseReplicaStatusProblem(server, v);
    if (!problem) return undefined;
    const fix = EXPORTER_RELEASES.replicaSyntax;
    return (
        `the exporter image '${image}' is ${problem}. ` +
        `Use mysqld_exporter ${fix.version} or later (metrics.image: ${fix.image}, the default for such servers when metrics.image is unset; ${fix.notes}).`
    );
}

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
