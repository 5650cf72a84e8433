/**
 * `mysql-durability-settings` (stack policy, advisory by default).
 *
 * Every MySQL server flushes its binary log and its redo log at every commit: `sync_binlog=1` and
 * `innodb_flush_log_at_trx_commit=1`, and keeps `innodb_doublewrite` on. Without them a crash loses
 * transactions that a replica may already have received (or that a client was told are committed), which is
 * the divergence where an old primary, after a crash and restart, holds transactions no replica has.
 *
 * The effective value is read from the mounted option files and arguments; an absent setting takes the
 * server's default: `sync_binlog` 1 on MySQL 5.7.7+ but 0 on MariaDB and older MySQL,
 * `innodb_flush_log_at_trx_commit` 1 everywhere.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { compareVersions, formatVersion } from "../../components/versions/version";
import { asBoolean, asNumber } from "../lib/option-files";
import { configOf, requireWorkloads } from "../lib/policy";
import { setting, type MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-durability-settings";

/** Configuration of the policy. */
export interface DurabilityConfig {
    /** Accept relaxed flushing on instances labelled as replicas (never on a primary). Default: false. */
    allowRelaxedReplicas: boolean;
}

const DEFAULTS: DurabilityConfig = { allowRelaxedReplicas: false };

const RULE =
    '"sync_binlog=1 and innodb_flush_log_at_trx_commit=1 are required for durability and consistency in a replication setup with InnoDB" ' +
    "(https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html#sysvar_sync_binlog, " +
    "https://dev.mysql.com/doc/refman/8.0/en/innodb-parameters.html#sysvar_innodb_flush_log_at_trx_commit)";

/** The server's default `sync_binlog` (MySQL 1 from 5.7.7; MariaDB 0). */
export function defaultSyncBinlog(w: MysqlWorkload): number | undefined {
    if (!w.version) return undefined;
    if (w.flavor === "mariadb") return 0;
    return compareVersions(w.version, { major: 5, minor: 7, patch: 7 }) >= 0 ? 1 : 0;
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    for (const w of model.workloads) {
        if (!w.online || w.unreadableConfig.length) continue;
        if (cfg.allowRelaxedReplicas && w.role === "replica") continue;
        const problems: string[] = [];
        const sync = setting(w, "sync_binlog");
        const syncValue = sync ? asNumber(sync.value) : defaultSyncBinlog(w);
        if (syncValue !== undefined && syncValue !== 1) {
            problems.push(
                sync
                    ? `sync_binlog=${sync.value} (${sync.origin})`
                    : `sync_binlog is not set and ${w.flavor} ${formatVersion(w.version!)} defaults to ${syncValue}`,
            );
        }
        const flush = setting(w, "innodb_flush_log_at_trx_commit");
        if (flush && asNumber(flush.value) !== 1) problems.push(`innodb_flush_log_at_trx_commit=${flush.value} (${flush.origin})`);
        const dw = setting(w, "innodb_doublewrite");
        if (dw && asBoolean(dw.value) === false) problems.push(`innodb_doublewrite=${dw.value} (${dw.origin})`);
        if (problems.length) {
            report(
                `${w.display}: commits are not durable: ${problems.join("; ")}; a crash can lose transactions that replicas or clients already saw. ` +
                    `Rule: ${RULE}. Instead: set sync_binlog=1 and innodb_flush_log_at_trx_commit=1 (and keep innodb_doublewrite ON).`,
                w.resource.urn,
            );
        }
    }
}

/** The policy. */
export const durabilitySettings: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Advises when a MySQL server does not flush its binary log and redo log at every commit (sync_binlog=1, innodb_flush_log_at_trx_commit=1, doublewrite on).",
    enforcementLevel: "advisory",
    severity: "high",
    tags: ["mysql", "durability"],
    remediationSteps: "Set sync_binlog=1 and innodb_flush_log_at_trx_commit=1; keep innodb_doublewrite ON.",
    configSchema: {
        properties: {
            allowRelaxedReplicas: {
                type: "boolean",
                default: false,
                description: "Accept relaxed flushing on instances labelled as replicas.",
            },
        },
    },
    validateStack: validate,
};
