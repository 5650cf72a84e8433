/**
 * `mysql-replica-seeding-method` (stack policy, advisory by default).
 *
 * Names every replica that will be seeded by a logical copy (consistent dump with the GTID state: slower than a
 * physical copy for large data sets, a brief global read lock on the donor) and why no physical method applies
 * (`seedingFor`, the same decision the bootstrap scripts follow and `myriad plan --format json` shows): CLONE needs
 * 8.0.17+, the same series and before 8.0.37 the same patch release; a mariadb-backup or XtraBackup stream needs
 * the tool in both images and one release series (docs/compatibility.md#seeding-new-replicas). The images' tools
 * are read from the pods: a Myriad pod with the seeding sidecar carries its flavour's tool.
 * A replica that NO supported method can seed is rejected by `mysql-replication-version-compatible`.
 * Group members are seeded from the bootstrap member.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { seedingFor } from "../../components/compat/seeding";
import { groupView, isGroupCluster } from "../lib/group";
import { memberOf, reportFinding, requireWorkloads } from "../lib/policy";
import { clusterTopology } from "../lib/topology";

/** Policy name. */
export const NAME = "mysql-replica-seeding-method";

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const model = requireWorkloads(args);
    for (const [, members] of model.clusters) {
        const pairs: { donor: (typeof members)[number]; recipient: (typeof members)[number] }[] = [];
        if (isGroupCluster(members)) {
            const view = groupView(members);
            const boot = view.facts.bootstrap ? view.workloadOf.get(view.facts.bootstrap) : undefined;
            if (boot) for (const w of members) if (w !== boot && w.online) pairs.push({ donor: boot, recipient: w });
        } else {
            for (const e of clusterTopology(members).edges) pairs.push({ donor: e.source, recipient: e.replica });
        }
        for (const { donor, recipient } of pairs) {
            const d = memberOf(donor),
                r = memberOf(recipient);
            if (!d || !r) continue;
            const verdict = seedingFor(d, r);
            if (verdict.finding && verdict.finding.severity === "warning") reportFinding(report, verdict.finding, recipient);
        }
    }
}

/** The policy. */
export const replicaSeedingMethod: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Names every replica that will be seeded by a logical copy and why no physical method (CLONE, a mariadb-backup or XtraBackup stream) applies.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["mysql", "replication", "clone", "seeding"],
    remediationSteps:
        "Expect a logical copy as long as a full dump and load; to seed physically, use images of one release series that carry the backup tool (backupTool), or add the replica on the donor's exact version and upgrade it in place.",
    validateStack: validate,
};
