/**
 * In-place version changes: may an instance that holds data restart on another server version, keeping its data
 * directory? Follows the upgrade paths of docs/compatibility.md#upgrade-paths (MySQL and Percona Server) and
 * docs/compatibility.md#mariadb:
 *
 * - MySQL and Percona Server: a later patch of the same series; 5.x only to the next series (5.6 -> 5.7 -> 8.0);
 *   from 8.0 on, along the upgrade paths (`upgradePath`: LTS or bugfix -> next LTS or an Innovation series before
 *   it, Innovation -> later Innovation before the next LTS or that LTS; never skipping a bugfix or LTS series;
 *   only 9.7 enters the calendar lineage). Percona Server follows MySQL (its version is the MySQL base version).
 * - MariaDB: any later MariaDB version ("from ANY earlier MariaDB version to the latest one").
 * - Downgrades in place (docs/compatibility.md#downgrades): supported within an LTS series (8.4.y -> 8.4.x) and
 *   within 8.0 when both versions are 8.0.35 or later, as the manuals' downgrade tables say; every other downgrade
 *   (across series, within an Innovation series, 8.0 below 8.0.35, MariaDB) is rejected: the manuals support those
 *   only for rollback, with a logical dump and load or replication.
 * - A change of flavour in place (MySQL, Percona Server, MariaDB) is rejected: a data directory is upgraded
 *   within one product's release line, and MariaDB and MySQL GTIDs are incompatible.
 */
import { compareVersions, formatVersion, seriesOf } from "../versions/version";
import { describeMember, finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";
import { describeStation, stationOf, upgradePath } from "./release-model";
import { article, where } from "./replication";

/** The outcome of judging one in-place version change. */
export interface InPlaceVerdict {
    supported: boolean;
    /**
     * When supported: `patch`, `series` (a supported step to another series), `downgrade` (an earlier patch of the
     * same LTS series, or of 8.0 from 8.0.35 on) or `none` (same version).
     */
    step?: "none" | "patch" | "series" | "downgrade";
    /** Present when the change is not supported: why, quoting the rule, and what to do instead. */
    finding?: Finding;
}

function reject(code: string, before: Member, after: Member, problem: string, rule: Finding["rule"], fix: string): InPlaceVerdict {
    return { supported: false, finding: finding({ code, severity: "error", members: [after, before], problem, rule, fix }) };
}

function changeText(before: Member, after: Member): string {
    return `${after.name} would restart in place from ${describeMember(before)} to ${describeMember(after)} on the same data`;
}

/** The fix for a change that cannot be made in place: a new template, then move the primary or retire the old one. */
function newTemplateFix(after: Member): string {
    const v = formatVersion(after.version);
    return (
        `keep ${where(after)} on its current version and add a template of ${after.flavor} ${v} with its own ordinals (new instances are seeded from the primary), ` +
        `then move the primary to it or retire the old template; see docs/upgrading.md`
    );
}

function isMysqlLike(m: Member): boolean {
    return m.flavor === "mysql" || m.flavor === "percona";
}

/** The 8.0 release from which in-place downgrades within 8.0 are supported (docs/compatibility.md#downgrades). */
const DOWNGRADE_80_FLOOR = { major: 8, minor: 0, patch: 35 };

/**
 * A downgrade (`after` earlier than `before`) within one MySQL or Percona Server series: `supported` within an LTS
 * series, or within 8.0 when the target is 8.0.35 or later; `below-8.0.35` within 8.0 under that floor; `no`
 * otherwise (another series, an Innovation or legacy series, MariaDB).
 */
function inSeriesDowngrade(before: Member, after: Member): "supported" | "below-8.0.35" | "no" {
    if (!isMysqlLike(before) || seriesOf(before.version) !== seriesOf(after.version)) return "no";
    const station = stationOf(after.version);
    if (station?.kind === "lts") return "supported";
    if (station?.kind === "bugfix") return compareVersions(after.version, DOWNGRADE_80_FLOOR) >= 0 ? "supported" : "below-8.0.35";
    return "no";
}

/**
 * Judges restarting `before`'s data directory as `after` (same instance, another image). Returns
 * `{ supported: true, step }` or the finding (severity `error`) naming the rule and the safe alternative.
 */
export function inPlaceVersionChange(before: Member, after: Member): InPlaceVerdict {
    if (before.flavor !== after.flavor) {
        return reject(
            "in-place/flavor-change",
            before,
            after,
            `${changeText(before, after)}: the flavour changes from ${before.flavor} to ${after.flavor}`,
            RULES.flavorInPlace,
            !isMysqlLike(before) || !isMysqlLike(after)
                ? "keep the cluster on one flavour; migrate between MySQL and MariaDB outside Myriad (a logical dump and load into a new cluster)"
                : newTemplateFix(after),
        );
    }
    const cmp = compareVersions(before.version, after.version);
    if (cmp === 0) return { supported: true, step: "none" };
    if (cmp > 0) {
        const inSeries = inSeriesDowngrade(before, after);
        if (inSeries === "supported") return { supported: true, step: "downgrade" };
        if (inSeries === "below-8.0.35") {
            return reject(
                "in-place/downgrade-below-8.0.35",
                before,
                after,
                `${changeText(before, after)}: a downgrade within 8.0 to ${formatVersion(after.version)}, below 8.0.35`,
                RULES.inPlaceDowngrade80,
                `keep ${where(after)} on ${formatVersion(before.version)}, or go back no further than 8.0.35 in place; to reach ${formatVersion(after.version)}, ` +
                    `load a logical dump into a new cluster (a rollback the manuals support only that way)`,
            );
        }
        return reject(
            "in-place/downgrade",
            before,
            after,
            `${changeText(before, after)}: a downgrade`,
            before.flavor === "mariadb" ? RULES.mariadbUpgrade : RULES.inPlaceDowngrade,
            `keep ${where(after)} on ${formatVersion(before.version)} or later; to go back to ${formatVersion(after.version)}, ` +
                `load a logical dump into a new cluster (a rollback the manuals support only that way)`,
        );
    }
    if (before.flavor === "mariadb") {
        return { supported: true, step: seriesOf(before.version) === seriesOf(after.version) ? "patch" : "series" };
    }
    if (seriesOf(before.version) === seriesOf(after.version)) return { supported: true, step: "patch" };
    const path = upgradePath(before.version, after.version);
    if (path.supported) return { supported: true, step: "series" };
    switch (path.reason) {
        case "skips-anchor":
        case "innovation-cross-lts": {
            const via = path.reason === "skips-anchor" ? path.skipped : path.lts;
            return reject(
                path.reason === "skips-anchor" ? "in-place/skips-series" : "in-place/innovation-skips-lts",
                before,
                after,
                `${changeText(before, after)}: ${seriesOf(before.version)} -> ${seriesOf(after.version)} skips ${describeStation(via)}`,
                path.reason === "skips-anchor" ? RULES.noSkip : RULES.innovationCrossLts,
                `upgrade one supported step at a time (${path.steps.join(" -> ")}): first change ${where(after)} to ${article(via.series)} ${via.series} image and apply it, ` +
                    `then to ${formatVersion(after.version)}, each change checked with myriad check --base`,
            );
        }
        case "calendar-entry":
            return reject(
                "in-place/calendar-entry",
                before,
                after,
                `${changeText(before, after)}: calendar-versioned ${formatVersion(after.version)} is entered only from 9.7`,
                RULES.calendarLineage,
                `upgrade ${where(after)} to 9.7 first, then to ${formatVersion(after.version)}`,
            );
        case "undocumented":
            return reject(
                "in-place/undocumented",
                before,
                after,
                `${changeText(before, after)}: ${path.detail}`,
                RULES.undocumentedSeries,
                newTemplateFix(after),
            );
    }
}
