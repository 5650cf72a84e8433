/**
 * `mysql-metrics-present` (stack policy, advisory by default).
 *
 * Every online MySQL workload exposes metrics: a MySQL exporter container beside the server (an image whose
 * repository names `mysqld-exporter` or `mysqld_exporter`, or a container with a port named `metrics`), or pod
 * annotations `prometheus.io/scrape: "true"`. Without metrics nobody is told when a replica's threads stop or
 * its lag grows; the readiness probe only takes it out of the read Service. The MySqlCluster component runs the
 * Prometheus mysqld_exporter by default (docs/observability.md).
 *
 * It also advises when the exporter is there but cannot read the server's replica status: a mysqld_exporter
 * release before 0.16.0 beside MySQL or Percona 8.0.22+ (8.4 removed `SHOW SLAVE STATUS`; 8.0.22 renamed its
 * columns). The judgement is `exporterReplicaStatusProblem` (components/runtime/exporter.ts), the same table that
 * picks the component's default image; an image whose tag names no release (a digest, `latest`) is not judged.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { exporterReplicaStatusProblem, isExporterImage } from "../../components/runtime/exporter";
import { requireWorkloads } from "../lib/policy";
import { containersOf, type MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-metrics-present";

/** How the workload exposes metrics, or undefined when it does not. */
export function metricsSource(w: MysqlWorkload): string | undefined {
    const containers = containersOf(w.podTemplate).filter((c) => c.list === "containers" && c.name !== w.server?.name);
    const exporter = containers.find((c) => isExporterImage(c.image ?? ""));
    if (exporter) return `exporter container '${exporter.name}'`;
    const named = containers.find((c) => ((c.spec.ports as { name?: string }[] | undefined) ?? []).some((p) => p.name === "metrics"));
    if (named) return `container '${named.name}' with a port named metrics`;
    const annotations = (w.podTemplate?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};
    if (annotations["prometheus.io/scrape"] === "true") return "prometheus.io/scrape annotation";
    return undefined;
}

/** The exporter containers beside the server whose release cannot read its replica status, with the reason. */
export function replicaStatusProblems(w: MysqlWorkload): { container: string; problem: string }[] {
    if (!w.version) return [];
    const out: { container: string; problem: string }[] = [];
    for (const c of containersOf(w.podTemplate)) {
        if (c.list !== "containers" || c.name === w.server?.name || !c.image || !isExporterImage(c.image)) continue;
        const problem = exporterReplicaStatusProblem({ flavor: w.flavor, version: w.version }, c.image);
        if (problem) out.push({ container: c.name, problem });
    }
    return out;
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const model = requireWorkloads(args);
    for (const [, members] of model.clusters) {
        for (const w of members) {
            if (!w.online || !w.server) continue;
            for (const { container, problem } of replicaStatusProblems(w)) {
                report(
                    `${w.display}: the container '${container}' cannot read the replica status of the MySQL server '${w.server.name}': ${problem} ` +
                        "See docs/observability.md#the-exporter.",
                    w.resource.urn,
                );
            }
            if (metricsSource(w) !== undefined) continue;
            report(
                `${w.display}: the MySQL server '${w.server.name}' has no metrics exporter beside it and its pods are not annotated for scraping, so a stopped replication thread or a growing lag alerts nobody. ` +
                    'Rule: "monitor replication: alert on the IO and SQL threads and on replica lag" (https://dev.mysql.com/doc/refman/8.0/en/replication-administration-status.html). ' +
                    "Instead: keep metrics.enabled (the MySqlCluster default: a mysqld_exporter sidecar, docs/observability.md) or add a mysqld_exporter container with a port named metrics.",
                w.resource.urn,
            );
        }
    }
}

/** The policy. */
export const metricsPresent: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Advises when an online MySQL workload exposes no metrics (no exporter container, no scrape annotation), or its mysqld_exporter release cannot read the server's replica status.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["mysql", "observability", "replication"],
    remediationSteps:
        "Run the Prometheus mysqld_exporter beside each server (the component's metrics.enabled, on by default); beside MySQL 8.0.22+ use mysqld_exporter 0.16.0 or later.",
    validateStack: validate,
};
