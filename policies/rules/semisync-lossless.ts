/**
 * `mysql-semisync-lossless` (stack policy, advisory by default), for semi-synchronous clusters.
 *
 * Semi-synchronous replication "degrades to asynchronous" when the source waits
 * longer than its timeout for an acknowledgement, and a source that commits before the acknowledgement
 * (AFTER_COMMIT) lets clients read transactions that a failover then loses. Lossless semi-sync therefore needs,
 * on every instance that may become the source:
 *
 * - `rpl_semi_sync_source_wait_point` (`..._master_...` before 8.0.26 and on MariaDB) = AFTER_SYNC (MySQL's
 *   default; MariaDB defaults to AFTER_COMMIT);
 * - a timeout of at least `minimumTimeoutMs` (default 4294967295, the maximum: never degrade silently; MySQL's
 *   and MariaDB's default is 10000 ms);
 * - `..._wait_no_replica` (`..._wait_no_slave`) not OFF, so the source keeps waiting when too few replicas are
 *   connected instead of switching to asynchronous replication.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { DEFAULTS as SPEC_DEFAULTS } from "../../components/spec/defaults";
import { MAX_SEMISYNC_TIMEOUT_MS } from "../../components/spec/limits";
import { formatVersion } from "../../components/versions/version";
import { asBoolean, asNumber } from "../lib/option-files";
import { configOf, requireWorkloads } from "../lib/policy";
import { setting, type MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-semisync-lossless";

/** Configuration of the policy. */
export interface SemisyncConfig {
    /** Smallest acceptable semi-sync timeout in milliseconds. Default: 4294967295 (never degrade). */
    minimumTimeoutMs: number;
}

const DEFAULTS: SemisyncConfig = { minimumTimeoutMs: MAX_SEMISYNC_TIMEOUT_MS };

const RULE =
    '"semi-synchronous replication degrades to asynchronous on timeout, and a restarted source commits pending binlog that no replica has; lossless semi-sync waits AFTER_SYNC and never degrades silently" ' +
    "(https://dev.mysql.com/doc/refman/8.0/en/replication-semisync.html)";

function either(w: MysqlWorkload, suffixSource: string, suffixMaster: string) {
    return setting(w, `rpl_semi_sync_source_${suffixSource}`) ?? setting(w, `rpl_semi_sync_master_${suffixMaster}`);
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    const semisync = model.workloads.filter((w) => w.mode === "semisync" && w.online);
    if (semisync.length === 0) args.notApplicable("no semi-synchronous cluster in the stack");
    for (const w of semisync) {
        if (w.unreadableConfig.length) continue;
        const problems: string[] = [];
        const at = w.version ? `${w.flavor} ${formatVersion(w.version)}` : w.flavor;
        const point = either(w, "wait_point", "wait_point");
        const pointValue = point?.value.toUpperCase() ?? (w.flavor === "mariadb" ? "AFTER_COMMIT" : "AFTER_SYNC");
        if (pointValue !== "AFTER_SYNC") {
            problems.push(
                point ? `wait point ${point.value} (${point.origin})` : `no wait point is set and ${at} defaults to AFTER_COMMIT`,
            );
        }
        const timeout = either(w, "timeout", "timeout");
        const timeoutMs = timeout ? asNumber(timeout.value) : 10000;
        if (timeoutMs !== undefined && timeoutMs < cfg.minimumTimeoutMs) {
            problems.push(timeout ? `timeout ${timeout.value} ms (${timeout.origin})` : `no timeout is set and ${at} defaults to 10000 ms`);
        }
        const noReplica = either(w, "wait_no_replica", "wait_no_slave");
        if (noReplica && asBoolean(noReplica.value) === false) problems.push(`${noReplica.name}=${noReplica.value} (${noReplica.origin})`);
        if (problems.length) {
            report(
                `${w.display}: semi-synchronous replication is not lossless: ${problems.join("; ")}, so the source can fall back to asynchronous replication without telling anyone. ` +
                    `Rule: ${RULE}. Instead: wait point AFTER_SYNC, timeout at least ${cfg.minimumTimeoutMs} ms (semisync.timeoutMs, default ${SPEC_DEFAULTS.semisyncTimeoutMs}), wait-no-replica ON.`,
                w.resource.urn,
            );
        }
    }
}

/** The policy. */
export const semisyncLossless: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Advises when semi-synchronous replication is not lossless: a wait point other than AFTER_SYNC, a timeout that silently degrades to asynchronous replication, or not waiting when replicas are missing.",
    enforcementLevel: "advisory",
    severity: "high",
    tags: ["mysql", "semisync", "durability"],
    remediationSteps: `Use AFTER_SYNC, the maximum timeout (semisync.timeoutMs: ${MAX_SEMISYNC_TIMEOUT_MS}) and wait-no-replica ON.`,
    configSchema: {
        properties: {
            minimumTimeoutMs: {
                type: "integer",
                minimum: 0,
                maximum: MAX_SEMISYNC_TIMEOUT_MS,
                default: MAX_SEMISYNC_TIMEOUT_MS,
                description: "Smallest acceptable semi-sync timeout in milliseconds.",
            },
        },
    },
    validateStack: validate,
};
