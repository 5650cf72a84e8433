/**
 * `mysql-probes-present` (stack policy, advisory by default).
 *
 * Every server container of every online MySQL workload has startup, liveness and readiness probes, and the
 * readiness probe of a replica checks replication health: both replication threads (the IO/connection thread
 * and the SQL/applier thread; `Replica_IO_Running`/`Slave_IO_Running` or
 * `performance_schema.replication_connection_status`, and the SQL side), and for Group Replication members the
 * member's state in `performance_schema.replication_group_members`. The failure this prevents: replication broke
 * silently while `Slave_IO_Running: Connecting` and every probe stayed green; the Kubernetes tutorial's probes
 * only run `SELECT 1` (https://kubernetes.io/docs/tasks/run-application/run-replicated-stateful-application/).
 *
 * A replica is: a component instance with role replica, any group member, a hand-written workload with a
 * source annotation, pods 1.. of a hand-written StatefulSet with several replicas, and any non-primary
 * workload of a cluster with several workloads. Scripts run by path from a mounted ConfigMap are read (with
 * the files they source).
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { configOf, requireWorkloads } from "../lib/policy";
import { checksGroupMembership, checksReplicationThreads, probeOf, type ProbeKind } from "../lib/probes";
import type { MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-probes-present";

/** Configuration of the policy. */
export interface ProbesConfig {
    /** Require a startup probe (crash recovery and seeding need a long budget without liveness kills). Default: true. */
    requireStartupProbe: boolean;
}

const DEFAULTS: ProbesConfig = { requireStartupProbe: true };

const RULE =
    '"a replica whose replication threads stopped or keep reconnecting must leave the read Service: probe replication health, not only that mysqld answers" (an IO thread stuck at Slave_IO_Running: Connecting goes unnoticed by probes that only run SELECT 1; https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/)';

function replicates(w: MysqlWorkload, clusterSize: number): boolean {
    if (w.mode === "group") return true;
    if (w.role === "replica" || w.sourceOrdinal !== undefined || w.sourceHost !== undefined) return true;
    if (w.role === "primary") return false;
    return w.replicas > 1 || clusterSize > 1;
}

/** `replica container 'mysql'`, or the container with the reason it is judged as one when its role is unknown. */
function replicaContainer(w: MysqlWorkload, container: string): string {
    // Pods 1 and up of a StatefulSet of several are replicas whichever pod is the primary.
    if (w.role === "replica" || w.mode === "group" || w.sourceOrdinal !== undefined || w.sourceHost !== undefined || w.replicas > 1)
        return `replica container '${container}'`;
    const operator = w.roleReading.operator ? `: ${w.roleReading.operator} assigns roles to pods at run time` : "";
    return `container '${container}' (role unknown${operator}; any member of a cluster of several may be a replica)`;
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    for (const [, members] of model.clusters) {
        for (const w of members) {
            if (!w.online || !w.server) continue;
            const kinds: ProbeKind[] = cfg.requireStartupProbe
                ? ["startupProbe", "livenessProbe", "readinessProbe"]
                : ["livenessProbe", "readinessProbe"];
            const missing = kinds.filter((k) => !probeOf(w, w.server!, k, model.index).present);
            if (missing.length) {
                report(
                    `${w.display}: container '${w.server.name}' has no ${missing.join(", ")}. Rule: "startup covers crash recovery and seeding, liveness restarts a hung server, readiness keeps broken instances out of the Services" (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/). ` +
                        "Instead: add the missing probes (the MySqlCluster component renders all three, see docs/probes.md).",
                    w.resource.urn,
                );
            }
            if (!replicates(w, members.length)) continue;
            const readiness = probeOf(w, w.server, "readinessProbe", model.index);
            if (!readiness.present || readiness.incomplete) continue; // cannot be judged before deploy
            if (w.mode === "group") {
                if (!checksGroupMembership(readiness.text)) {
                    report(
                        `${w.display}: the readiness probe of Group Replication member '${w.server.name}' does not check the member's state (performance_schema.replication_group_members MEMBER_STATE = ONLINE). ` +
                            `Rule: ${RULE}. Instead: make readiness fail unless the member is ONLINE in the group.`,
                        w.resource.urn,
                    );
                }
            } else if (!checksReplicationThreads(readiness.text)) {
                const how =
                    readiness.handler === "exec"
                        ? "its command does not look at the replication threads"
                        : `it is a ${readiness.handler} probe, which cannot see replication`;
                report(
                    `${w.display}: the readiness probe of ${replicaContainer(w, w.server.name)} does not check replication health (${how}). ` +
                        `Rule: ${RULE}. Instead: make readiness require Replica_IO_Running=Yes and Replica_SQL_Running=Yes (Slave_* before 8.0.22 and on MariaDB), no replication error and bounded lag.`,
                    w.resource.urn,
                );
            }
        }
    }
}

/** The policy. */
export const probesPresent: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Requires startup, liveness and readiness probes on every MySQL server container, and readiness probes of replicas that check replication health.",
    enforcementLevel: "advisory",
    severity: "high",
    tags: ["mysql", "probes", "replication"],
    remediationSteps: "Add the missing probes; make replica readiness check both replication threads, errors and lag.",
    configSchema: {
        properties: {
            requireStartupProbe: { type: "boolean", default: true, description: "Require a startup probe on every server container." },
        },
    },
    validateStack: validate,
};
