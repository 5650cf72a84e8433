/**
 * Group Replication clusters as Kubernetes objects describe them: members, the bootstrap member (the
 * component's planned primary, label `myriad.dev/role: primary`, or a hand-written member configured with
 * `group_replication_bootstrap_group=ON`) and the configured consistency level.
 */
import type { ReportViolation, StackValidationArgs } from "@pulumi/policy";
import type { GroupFacts, GroupMember } from "../../components/compat/group";
import type { Finding } from "../../components/compat/finding";
import { asBoolean } from "./option-files";
import { memberOf, reportFinding, requireWorkloads } from "./policy";
import { setting, type MysqlWorkload } from "./workloads";
import { DEFAULTS } from "../../components/spec/defaults";

/** One group-mode cluster ready for the compatibility rules. */
export interface GroupView {
    /** Online members with a known version, as compatibility members (one per workload). */
    members: GroupMember[];
    /** The workload each member came from. */
    workloadOf: Map<string, MysqlWorkload>;
    facts: GroupFacts;
}

/** True when the cluster runs Group Replication. */
export function isGroupCluster(members: readonly MysqlWorkload[]): boolean {
    return members.some((w) => w.mode === "group");
}

/** The group view of a cluster's workloads. */
export function groupView(workloads: readonly MysqlWorkload[]): GroupView {
    const online = workloads.filter((w) => w.online);
    const members: GroupMember[] = [];
    const workloadOf = new Map<string, MysqlWorkload>();
    for (const w of online) {
        const m = memberOf(w);
        if (!m) continue;
        members.push(m);
        workloadOf.set(m.name, w);
    }
    const boot =
        online.find((w) => w.role === "primary") ??
        online.find((w) => asBoolean(setting(w, "group_replication_bootstrap_group")?.value) === true);
    const consistency = online.map((w) => setting(w, "group_replication_consistency")?.value).find((v) => v !== undefined);
    // The component renders the project default on the members that have the variable and leaves it out on the
    // others; the planner rejects a level the user configured that a member cannot honour.
    const consistencyIsDefault =
        online.length > 0 && online.every((w) => w.managed) && consistency?.toUpperCase() === DEFAULTS.groupConsistency;
    const memberCount = online.reduce((n, w) => n + Math.max(w.replicas, 0), 0);
    return { members, workloadOf, facts: { bootstrap: boot?.name, consistency, consistencyIsDefault, memberCount } };
}

/**
 * A stack validation that applies one group rule (`groupCompatibility` or `groupOperations`) to every
 * group-mode cluster of the stack and reports each finding on the member it names.
 */
export function validateGroups(rule: (members: readonly GroupMember[], facts: GroupFacts) => Finding[]) {
    return (args: StackValidationArgs, report: ReportViolation): void => {
        const model = requireWorkloads(args);
        const groups = [...model.clusters.values()].filter(isGroupCluster);
        if (groups.length === 0) args.notApplicable("no Group Replication cluster in the stack");
        for (const members of groups) {
            const view = groupView(members);
            for (const f of rule(view.members, view.facts)) {
                reportFinding(report, f, view.workloadOf.get(f.subjects[0]) ?? members[0]);
            }
        }
    };
}
