/**
 * `mysql-metrics-present` (stack policy, advisory by default).
 *
 * Every online MySQL workload exposes metrics: a MySQL exporter container beside the server (an image whose
 * repository names `mysqld-exporter` or `mysqld_exporter`, or a container with a port named `metrics`), or pod
 * annotations `prometheus.io/scrape: "true"`. Without metrics nobody is told when a replica's threads stop or
 * its lag grows; the readiness probe only takes it out of the read Service. The MySqlCluster component runs the
 * Prometheus mysqld_exporter by default (docs/observability.md).
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { requireWorkloads } from "../lib/policy";
import { containersOf, type MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-metrics-present";

const EXPORTER_IMAGE = /(^|\/)mysqld[-_]exporter(:|@|$)/i;

/** How the workload exposes metrics, or undefined when it does not. */
export function metricsSource(w: MysqlWorkload): string | undefined {
    const containers = containersOf(w.podTemplate).filter((c) => c.list === "containers" && c.name !== w.server?.name);
    const exporter = containers.find((c) => EXPORTER_IMAGE.test(c.image ?? ""));
    if (exporter) return `exporter container '${exporter.name}'`;
    const named = containers.find((c) => ((c.spec.ports as { name?: string }[] | undefined) ?? []).some((p) => p.name === "metrics"));
    if (named) return `container '${named.name}' with a port named metrics`;
    const annotations = (w.podTemplate?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};
    if (annotations["prometheus.io/scrape"] === "true") return "prometheus.io/scrape annotation";
    return undefined;
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const model = requireWorkloads(args);
    for (const [, members] of model.clusters) {
        for (const w of members) {
            if (!w.online || !w.server || metricsSource(w) !== undefined) continue;
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
    description: "Advises when an online MySQL workload exposes no metrics (no exporter container, no scrape annotation).",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["mysql", "observability", "replication"],
    remediationSteps: "Run the Prometheus mysqld_exporter beside each server (the component's metrics.enabled, on by default).",
    validateStack: validate,
};
