/**
 * Backups and restores: how a cluster's full backup is taken (`backupMethod`) and which server a backup may be
 * restored into (`restoreVerdict`). The one implementation: the planner records the method in the plan, and restore.sh
 * refuses a backup whose recorded version differs from the one the plan judged
 * (docs/compatibility.md#restoring-a-backup). `restoreFindings` is the judgement a policy will report; no policy of
 * the pack runs it yet (docs/backup.md#restore).
 */
import type { Flavor } from "../spec/types";
import type { BackupTool } from "./seeding";
import { physicalAllowed } from "./seeding";
import { compareVersions, formatVersion, mustParseVersion, sameSeries, seriesOf } from "../versions/version";
import { upgradePath } from "./release-model";
import { finding, type Finding } from "./finding";
import { RULES } from "./references";

/** How a full backup is taken: a physical stream from a donor's seeding endpoint, or a logical dump. */
export type BackupMethod = "mariadb-backup" | "xtrabackup" | "logical";

/** The server a backup is taken from, with the physical tool its image carries. */
export interface BackupSource {
    flavor: Flavor;
    version: string;
    backupTool: BackupTool;
}

/**
 * The method of a cluster's full backups, from the server they are taken from: the physical tool its image carries
 * when that tool applies to the server (the same judgement as seeding a replica of the same version,
 * `physicalAllowed`: mariadb-backup for MariaDB, XtraBackup of the series for MySQL and Percona 5.7, 8.0 and 8.4),
 * else a logical dump (named as such: slower, and it holds a brief global read lock).
 */
export function backupMethod(source: BackupSource): BackupMethod {
    const self = { flavor: source.flavor, version: source.version, backupTool: source.backupTool };
    const physical = physicalAllowed(self, self).method;
    return physical === "mariadb-backup" || physical === "xtrabackup" ? physical : "logical";
}

/** Whether a backup of `source` may be restored into `target`, and the upgrade step it takes when it crosses a series. */
export type RestoreVerdict =
    { allowed: true; step: string | null } | { allowed: false; problem: string; fix: string; rule: { quote: string; source: string } };

/**
 * The restore rule, for a backup taken from `source` (flavour, version) restored into `target`:
 * - the same flavour only;
 * - never into an older version (no in-place downgrade);
 * - the same release series: allowed (a later patch release upgrades in place on its first start);
 * - MariaDB into a later series: refused (mariadb-backup prepares only its own series): restore into the source's
 *   series, then upgrade in place;
 * - MySQL and Percona into a later series: allowed only along the supported upgrade path (8.0 into 8.4), the step
 *   named; a skipped LTS or bugfix series is refused with the steps to take.
 */
export function restoreVerdict(source: { flavor: Flavor; version: string }, target: { flavor: Flavor; version: string }): RestoreVerdict {
    const s = mustParseVersion(source.version),
        t = mustParseVersion(target.version);
    const from = `${source.flavor} ${formatVersion(s)}`,
        into = `${target.flavor} ${formatVersion(t)}`;
    if (source.flavor !== target.flavor) {
        return {
            allowed: false,
            problem: `a backup of ${from} cannot be restored into ${into}`,
            fix: `restore into ${source.flavor} ${seriesOf(s)} first, then change the flavour by replication (a new template seeded from it)`,
            rule: RULES.restoreSameFlavor,
        };
    }
    if (compareVersions(t, s) < 0) {
        return {
            allowed: false,
            problem: `a backup of ${from} cannot be restored into the older ${into}`,
            fix: `restore into ${source.flavor} ${formatVersion(s)} or later`,
            rule: RULES.restoreNoDowngrade,
        };
    }
    if (sameSeries(s, t)) {
        const step =
            compareVersions(t, s) > 0
                ? `the ${into} server upgrades the restored ${formatVersion(s)} data in place on its first start`
                : null;
        return { allowed: true, step };
    }
    if (source.flavor === "mariadb") {
        return {
            allowed: false,
            problem: `mariadb-backup prepares a backup of ${from} only with the ${seriesOf(s)} tool, so it cannot be restored into ${into}`,
            fix: `restore into mariadb ${seriesOf(s)}, then upgrade that cluster in place to ${seriesOf(t)} (docs/upgrading.md)`,
            rule: RULES.restoreMariadbSeries,
        };
    }
    const path = upgradePath(s, t);
    if (path.supported) {
        return {
            allowed: true,
            step: `prepared with the ${seriesOf(s)} tool, then upgraded in place from ${seriesOf(s)} to ${seriesOf(t)} by the ${into} server on its first start (a supported upgrade path)`,
        };
    }
    const steps = "steps" in path ? path.steps.join(" -> ") : `${seriesOf(s)} -> ${seriesOf(t)}`;
    return {
        allowed: false,
        problem: `${from} to ${into} is not a supported upgrade path${"detail" in path ? ` (${path.detail})` : ""}`,
        fix: `restore into ${source.flavor} ${seriesOf(s)} and upgrade one supported step at a time (${steps})`,
        rule: RULES.restoreUpgradePath,
    };
}

/** The restore rule as findings (an error when refused, none otherwise), naming the restored instances. */
export function restoreFindings(
    source: { cluster: string; flavor: Flavor; version: string },
    targets: readonly { name: string; template?: string; flavor: Flavor; version: string }[],
): Finding[] {
    const out: Finding[] = [];
    for (const target of targets) {
        const v = restoreVerdict(source, target);
        if (v.allowed) continue;
        out.push(
            finding({
                code: "restore/version",
                severity: "error",
                members: [
                    { name: target.name, template: target.template, flavor: target.flavor, version: mustParseVersion(target.version) },
                    { name: `backup of ${source.cluster}`, flavor: source.flavor, version: mustParseVersion(source.version) },
                ],
                problem: `${target.name}: ${v.problem}`,
                rule: v.rule,
                fix: v.fix,
            }),
        );
    }
    return out;
}
