/**
 * Group Replication with mixed member versions (docs/compatibility.md#group-replication):
 *
 * - Group Replication exists only in MySQL and Percona Server, from 5.7.17.
 * - Join policy (docs/compatibility.md#group-replication): the joiner decides with its own version's rules. A joiner lower than the group's
 *   lowest version does not join; members on 8.0.17+ compare the patch version, members on 5.7 or 8.0.16 and
 *   earlier compare the major version only; joiners before 5.7.27 compare against every member, not only the
 *   lowest. Exception (docs/compatibility.md#group-replication): when every member runs 8.4.x, all 8.4 versions may join.
 * - `group_replication_consistency` needs 8.0.14 (docs/compatibility.md#group-replication).
 * - Group actions (`group_replication_set_as_primary()`, mode switches) need every member on 8.0.13+, and from
 *   8.0.17 only a lowest-version member may be named primary (docs/compatibility.md#group-replication).
 * - Election (docs/compatibility.md#group-replication): lowest version first (patch granularity only when every member is 8.0.17+,
 *   major version when any member is 5.7 or 8.0.16 and earlier), then highest `group_replication_member_weight`
 *   (ignored while any 5.7 member is present), then lowest `server_uuid` (generated at first start, so not
 *   predictable before deploy).
 *
 * Whether a version has Group Replication and `group_replication_consistency` at all is read from the dialect
 * table (`components/mysqld/dialect.ts`, rows groupReplication and groupConsistency), shared with the renderers.
 *
 * `groupCompatibility` returns errors (a member cannot take part); `groupOperations` returns warnings (the
 * configured weights or the planned primary will not behave as intended, switchover or rejoin limits).
 */
import { dialectFor } from "../mysqld/dialect";
import { atLeast, compareVersions, formatVersion, type ServerVersion } from "../versions/version";
import { describeMember, finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";

/** A member of a replication group. */
export interface GroupMember extends Member {
    /** `group_replication_member_weight`, 0..100. Default: 50. */
    weight?: number;
}

/** Facts about the group as configured. */
export interface GroupFacts {
    /** Name of the member that bootstraps the group (the planned primary), when known. */
    bootstrap?: string;
    /** The configured `group_replication_consistency`, when any member sets one. */
    consistency?: string;
    /**
     * The consistency is the project default rather than the user's choice (the MySqlCluster component's
     * members): a member whose version lacks the variable leaves it out and runs EVENTUAL, without rejecting an
     * otherwise supported group. A level the user configured is judged (`consistencyUnsupported`).
     */
    consistencyIsDefault?: boolean;
    /** Servers of the group (a StatefulSet member with N pods counts N). Default: the number of members. */
    memberCount?: number;
}

/** The most servers a replication group may have (docs/compatibility.md#group-replication). */
export const MAX_GROUP_MEMBERS = 9;

/** Why a group of `count` servers cannot exist, or undefined. */
export function groupSizeProblem(count: number): string | undefined {
    return count > MAX_GROUP_MEMBERS
        ? `a replication group has at most ${MAX_GROUP_MEMBERS} members, and this one would have ${count}: the group refuses the ${count === MAX_GROUP_MEMBERS + 1 ? "tenth" : `members after the ${MAX_GROUP_MEMBERS}th`}`
        : undefined;
}

/** Members that cannot honour the consistency `level` (a level other than EVENTUAL needs 8.0.14). */
export function consistencyUnsupported(members: readonly Member[], level: string | undefined): Member[] {
    const l = level?.toUpperCase();
    if (!l || l === "EVENTUAL") return [];
    return members.filter((m) => m.flavor !== "mariadb" && !dialectFor(m.flavor, m.version).groupConsistency);
}

/** True for 5.7.17..5.7.21, which do not send lower_case_table_names to joiners (docs/compatibility.md#group-replication). */
function sendsNoCaseSetting(v: ServerVersion): boolean {
    return is57(v) && !atLeast(v, "5.7.22");
}

/** Default `group_replication_member_weight` (docs/compatibility.md#group-replication). */
export const DEFAULT_WEIGHT = 50;

function is57(v: ServerVersion): boolean {
    return v.major === 5;
}

/** True when a member compares versions at patch granularity (8.0.17 and later, docs/compatibility.md#group-replication). */
export function comparesPatch(v: ServerVersion): boolean {
    return atLeast(v, "8.0.17");
}

/**
 * How `joiner` compares to `other` under the joiner's rules: negative when the joiner is lower (it cannot
 * join), zero or positive otherwise.
 */
export function joinCompare(joiner: ServerVersion, other: ServerVersion): number {
    return comparesPatch(joiner) ? compareVersions(joiner, other) : joiner.major - other.major;
}

/** True when every member runs 8.4.x, where any 8.4 version may join (docs/compatibility.md#group-replication). */
export function allIn84(members: readonly Member[]): boolean {
    return members.length > 0 && members.every((m) => m.version.major === 8 && m.version.minor === 4);
}

/** The members a joiner is compared against: the lowest, or every member for joiners before 5.7.27. */
function blockers(joiner: GroupMember, reference: GroupMember, all: readonly GroupMember[]): GroupMember[] {
    const against = is57(joiner.version) && !atLeast(joiner.version, "5.7.27") ? all.filter((m) => m !== joiner) : [reference];
    return against.filter((m) => joinCompare(joiner.version, m.version) < 0);
}

/** Errors: members that cannot be part of the group as configured. */
export function groupCompatibility(members: readonly GroupMember[], facts: GroupFacts = {}): Finding[] {
    const out: Finding[] = [];
    const mariadb = members.filter((m) => m.flavor === "mariadb");
    for (const m of mariadb) {
        out.push(
            finding({
                code: "group/flavor",
                severity: "error",
                members: [m],
                problem: `${describeMember(m)} is a MariaDB server in a Group Replication cluster`,
                rule: RULES.groupAvailability,
                fix: "use MySQL or Percona Server images for every member of a group-mode cluster, or use mode async or semisync for MariaDB",
            }),
        );
    }
    const mysql = members.filter((m) => m.flavor !== "mariadb");
    for (const m of mysql) {
        if (!dialectFor(m.flavor, m.version).groupReplication) {
            out.push(
                finding({
                    code: "group/too-old",
                    severity: "error",
                    members: [m],
                    problem: `${describeMember(m)} predates Group Replication`,
                    rule: RULES.groupAvailability,
                    fix: `upgrade ${m.template ? `template '${m.template}'` : m.name} to 5.7.17 or later (8.0.17 or later for patch-level version handling)`,
                }),
            );
        }
    }
    const boot = facts.bootstrap !== undefined ? mysql.find((m) => m.name === facts.bootstrap) : undefined;
    if (boot && !allIn84(mysql)) {
        for (const j of mysql) {
            if (j === boot) continue;
            const lower = blockers(j, boot, mysql);
            if (lower.length === 0) continue;
            const granularity = comparesPatch(j.version) ? "patch version" : "major version";
            out.push(
                finding({
                    code: "group/lower-joiner",
                    severity: "error",
                    members: [j, ...lower],
                    problem:
                        `${describeMember(j)} cannot join a group bootstrapped by ${describeMember(boot)}: ` +
                        `comparing by ${granularity}, it is lower than ${lower.map((m) => `${m.name} (${formatVersion(m.version)})`).join(", ")}`,
                    rule: RULES.groupLowerJoiner,
                    fix:
                        `bootstrap the group on the lowest version: make an instance of ${j.template ? `template '${j.template}'` : j.name} the primary, ` +
                        `or upgrade ${j.template ? `template '${j.template}'` : j.name} to ${formatVersion(boot.version)} or later (upgrade members before the primary)`,
                }),
            );
        }
    }
    const count = facts.memberCount ?? members.length;
    const tooMany = groupSizeProblem(count);
    if (tooMany) {
        out.push(
            finding({
                code: "group/too-many",
                severity: "error",
                members: [...members],
                problem: tooMany,
                rule: RULES.groupSize,
                fix: `keep at most ${MAX_GROUP_MEMBERS} online members (take instances offline or lower replicas); for more read capacity, add asynchronous replicas in another cluster`,
            }),
        );
    }
    const oldGroup = mysql.filter((m) => dialectFor(m.flavor, m.version).groupReplication && sendsNoCaseSetting(m.version));
    const laterJoiners = mysql.filter((m) => atLeast(m.version, "5.7.22"));
    if (oldGroup.length && laterJoiners.length) {
        out.push(
            finding({
                code: "group/pre-5.7.22",
                severity: "error",
                members: [...laterJoiners, ...oldGroup],
                problem:
                    `${laterJoiners.map(describeMember).join(", ")} cannot join a group in which ${oldGroup.map(describeMember).join(", ")} ${oldGroup.length === 1 ? "runs" : "run"} 5.7.21 or earlier: ` +
                    "those versions do not send lower_case_table_names, which 5.7.22 and later members require",
                rule: RULES.group5721,
                fix: "upgrade every 5.7.21-or-earlier member to 5.7.22 or later (in place, one at a time) before adding members of 5.7.22, 8.0 or later",
            }),
        );
    }
    const level = facts.consistency?.toUpperCase();
    if (level && level !== "EVENTUAL" && !facts.consistencyIsDefault) {
        const old = consistencyUnsupported(mysql, level);
        if (old.length) {
            out.push(
                finding({
                    code: "group/consistency",
                    severity: "error",
                    members: old,
                    problem:
                        `group_replication_consistency=${level} is configured, but ${old.map(describeMember).join(", ")} ${old.length === 1 ? "predates" : "predate"} it: ` +
                        "after a failover to such a member the guarantee does not exist",
                    rule: RULES.groupConsistency,
                    fix: "run every member on 8.0.14 or later, or set the consistency to EVENTUAL",
                }),
            );
        }
    }
    return out;
}

/** Election sort key granularity for a whole group (docs/compatibility.md#group-replication). */
export function electionUsesPatch(members: readonly Member[]): boolean {
    return members.every((m) => comparesPatch(m.version));
}

/** True when weights take part in the election: no 5.7 member. */
export function weightsApply(members: readonly Member[]): boolean {
    return !members.some((m) => is57(m.version));
}

/**
 * The members that the election would pick from, best first, as far as it can be known before deploy: lowest
 * version (at the group's granularity), then highest weight when weights apply. Members in the returned first
 * tier tie; `server_uuid` (random) decides between them.
 */
export function electionTiers(members: readonly GroupMember[]): GroupMember[][] {
    const patch = electionUsesPatch(members);
    const weights = weightsApply(members);
    const key = (m: GroupMember): [number, number, number, number] => [
        m.version.major,
        patch ? m.version.minor : 0,
        patch ? m.version.patch : 0,
        weights ? -(m.weight ?? DEFAULT_WEIGHT) : 0,
    ];
    const sorted = [...members].sort((a, b) => {
        const ka = key(a),
            kb = key(b);
        for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
        return 0;
    });
    const tiers: GroupMember[][] = [];
    for (const m of sorted) {
        const last = tiers[tiers.length - 1];
        if (last && key(last[0]).every((x, i) => x === key(m)[i])) last.push(m);
        else tiers.push([m]);
    }
    return tiers;
}

function names(ms: readonly Member[]): string {
    return ms.map((m) => m.name).join(", ");
}

/** What the group-operation rules judge: the MySQL members of a group (at least two) and the group's facts. */
export interface GroupContext {
    mysql: readonly GroupMember[];
    facts: GroupFacts;
    /** The election compares versions down to the patch release. */
    patch: boolean;
    weightsDiffer: boolean;
}

/** One rule about operating a group as configured (election, weights, switchover, rejoin): its warnings. */
export type GroupOperationCheck = (g: GroupContext) => Finding[];

/** Weights that differ while a 5.7 member takes part: the election ignores every weight. */
export function checkWeightsIgnored({ mysql, weightsDiffer }: GroupContext): Finding[] {
    if (!weightsDiffer || weightsApply(mysql)) return [];
    const old = mysql.filter((m) => is57(m.version));
    return [
        finding({
            code: "group/weights-ignored",
            severity: "warning",
            members: old,
            problem: `member weights differ (${mysql.map((m) => `${m.name}=${m.weight ?? DEFAULT_WEIGHT}`).join(", ")}) but ${names(old)} ${old.length === 1 ? "runs" : "run"} 5.7, so the election ignores every weight`,
            rule: RULES.groupElection,
            fix: "upgrade the 5.7 members to 8.0 before relying on weights, or remove the weights",
        }),
    ];
}

/** The heaviest members outranked by members of a lower version: the election compares versions first. */
export function checkWeightsOutranked({ mysql, weightsDiffer, patch }: GroupContext): Finding[] {
    if (!weightsDiffer || !weightsApply(mysql)) return [];
    const tiers = electionTiers(mysql);
    const lowest = tiers.filter((t) => joinCompareTier(t[0], tiers[0][0], patch) === 0).flat();
    const maxWeight = Math.max(...mysql.map((m) => m.weight ?? DEFAULT_WEIGHT));
    const outranked = mysql.filter((m) => (m.weight ?? DEFAULT_WEIGHT) === maxWeight && !lowest.includes(m));
    if (!outranked.length) return [];
    return [
        finding({
            code: "group/weights-outranked",
            severity: "warning",
            members: [...outranked, ...lowest],
            problem:
                `${outranked.map(describeMember).join(", ")} ${outranked.length === 1 ? "has" : "have"} the highest weight (${maxWeight}) but the election prefers the lowest version first: ` +
                `${lowest.map(describeMember).join(", ")} ${lowest.length === 1 ? "is" : "are"} elected before ${outranked.length === 1 ? "it" : "them"}`,
            rule: RULES.groupElection,
            fix: "give the high weight to members of the lowest version, or run the preferred members on the lowest version",
        }),
    ];
}

/** The planned primary (`facts.bootstrap`) and the first tier of the election, when the primary is known. */
function plannedAndElected({ mysql, facts }: GroupContext): { planned: GroupMember; first: GroupMember[] } | undefined {
    const planned = facts.bootstrap !== undefined ? mysql.find((m) => m.name === facts.bootstrap) : undefined;
    return planned ? { planned, first: electionTiers(mysql)[0] } : undefined;
}

/** The planned primary is not the member the election would choose after a failover or a restart of the group. */
export function checkPrimaryNotElected(g: GroupContext): Finding[] {
    const p = plannedAndElected(g);
    if (!p || p.first.includes(p.planned)) return [];
    const { planned, first } = p;
    const why =
        joinCompareTier(planned, first[0], g.patch) > 0
            ? `the election prefers the lowest version (${formatVersion(first[0].version)})`
            : `the election prefers the highest weight (${first[0].weight ?? DEFAULT_WEIGHT} against ${planned.weight ?? DEFAULT_WEIGHT})`;
    return [
        finding({
            code: "group/primary-not-elected",
            severity: "warning",
            members: [planned, ...first],
            problem:
                `the planned primary ${describeMember(planned)} is not the member the election would choose: after a failover or a restart of the group, ` +
                `${first.map(describeMember).join(" or ")} ${first.length === 1 ? "is" : "are"} elected because ${why}`,
            rule: RULES.groupElection,
            fix: "make the primary a member of the lowest version with the highest weight, or adjust the weights so that the planned primary ranks first",
        }),
    ];
}

/** `group_replication_set_as_primary()` refuses a member of a higher version than the lowest (patch-level groups). */
export function checkSetPrimaryRefused(g: GroupContext): Finding[] {
    const p = plannedAndElected(g);
    if (!p || p.first.includes(p.planned) || !g.patch || compareVersions(p.planned.version, p.first[0].version) <= 0) return [];
    const { planned, first } = p;
    return [
        finding({
            code: "group/set-primary-refused",
            severity: "warning",
            members: [planned, ...first],
            problem:
                `group_replication_set_as_primary() cannot move the primary back to ${describeMember(planned)}: ` +
                `it runs a higher version than ${names(first)}`,
            rule: RULES.groupSetPrimaryLowest,
            fix: "run the planned primary on the lowest version of the group",
        }),
    ];
}

/** The planned primary ties with other members on version and weight: the random server_uuid decides. */
export function checkElectionTie(g: GroupContext): Finding[] {
    const p = plannedAndElected(g);
    if (!p || !p.first.includes(p.planned) || p.first.length < 2 || !weightsApply(g.mysql)) return [];
    const { planned, first } = p;
    const others = first.filter((m) => m !== planned);
    return [
        finding({
            code: "group/election-tie",
            severity: "warning",
            members: [planned, ...others],
            problem:
                `the planned primary ${describeMember(planned)} ties with ${others.map(describeMember).join(", ")} on version and weight, ` +
                "so after a restart of the group the random server_uuid decides which one becomes primary",
            rule: RULES.groupElection,
            fix: `give the planned primary's template a higher weight than the other members of version ${formatVersion(planned.version)}`,
        }),
    ];
}

/** A member before 8.0.13 refuses planned switchovers and online mode changes for the whole group. */
export function checkNoGroupActions({ mysql }: GroupContext): Finding[] {
    const old = mysql.filter((m) => !atLeast(m.version, "8.0.13"));
    if (!old.length) return [];
    return [
        finding({
            code: "group/no-group-actions",
            severity: "warning",
            members: old,
            problem: `${old.map(describeMember).join(", ")} ${old.length === 1 ? "runs" : "run"} a version before 8.0.13, so planned switchovers with group_replication_set_as_primary() and online mode changes are refused for the whole group`,
            rule: RULES.groupActions,
            fix: "upgrade every member to 8.0.13 or later (8.0.17 or later for patch-level version handling)",
        }),
    ];
}

/** Outside 8.4, a member alone on the lowest version cannot rejoin once it leaves (every other member is newer). */
export function checkCannotRejoin({ mysql }: GroupContext): Finding[] {
    if (allIn84(mysql)) return [];
    return mysql.flatMap((m) => {
        const others = mysql.filter((x) => x !== m);
        const lowestOther = others.reduce((a, b) => (compareVersions(a.version, b.version) <= 0 ? a : b));
        if (joinCompare(m.version, lowestOther.version) >= 0) return [];
        return [
            finding({
                code: "group/cannot-rejoin",
                severity: "warning",
                members: [m, ...others],
                problem:
                    `${describeMember(m)} is the only member of its version: once it leaves the group (restart, crash, maintenance) it cannot rejoin, ` +
                    `because every remaining member runs a higher version (lowest ${formatVersion(lowestOther.version)})`,
                rule: RULES.groupLowerJoiner,
                fix: `finish the upgrade: move ${m.template ? `template '${m.template}'` : m.name} to ${formatVersion(lowestOther.version)} or later, or keep at least two members on ${formatVersion(m.version)}`,
            }),
        ];
    });
}

/** Every group-operation rule, in the order their warnings are reported. */
export const GROUP_OPERATION_CHECKS: readonly GroupOperationCheck[] = [
    checkWeightsIgnored,
    checkWeightsOutranked,
    checkPrimaryNotElected,
    checkSetPrimaryRefused,
    checkElectionTie,
    checkNoGroupActions,
    checkCannotRejoin,
];

/** Warnings about election, weights, switchover and rejoin for a group as configured (MySQL members only). */
export function groupOperations(members: readonly GroupMember[], facts: GroupFacts = {}): Finding[] {
    const mysql = members.filter((m) => m.flavor !== "mariadb");
    if (mysql.length < 2) return [];
    const context: GroupContext = {
        mysql,
        facts,
        patch: electionUsesPatch(mysql),
        weightsDiffer: new Set(mysql.map((m) => m.weight ?? DEFAULT_WEIGHT)).size > 1,
    };
    return GROUP_OPERATION_CHECKS.flatMap((check) => check(context));
}

function joinCompareTier(a: Member, b: Member, patch: boolean): number {
    return patch ? compareVersions(a.version, b.version) : a.version.major - b.version.major;
}
