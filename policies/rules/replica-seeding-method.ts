/**
 * `mysql-replica-seeding-method` (stack policy, advisory by default).
 *
 * Names the method that will seed each replica whose version differs from its source (the dialect's
 * `seedingDecision`, the same function the bootstrap scripts follow): CLONE needs the same series, and before
 * 8.0.37 the same patch release (docs/compatibility.md#seeding-new-replicas), so a mixed-version replica is seeded by a logical copy
 * (consistent dump with the GTID state), which is slower and takes a brief global read lock on the donor.
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
        "Names the seeding method of every replica whose version differs from its source, because CLONE only works within one release series.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["mysql", "replication", "clone"],
    remediationSteps:
        "Expect a logical copy for mixed-version replicas, or add the replica on the donor's exact version and upgrade it in place.",
    validateStack: validate,
};
