/**
 * The alert rules of a cluster, from its plan (pure). Each rule is written per online instance with the plan's
 * expectations as literals (its pod, its server_id, its source's host, its role), so an alert names the cluster,
 * the instance and the template in its labels and compares what the server reports with what was planned.
 *
 * The series are those of `mysqld_exporter` (runtime/exporter.ts) as the Prometheus Operator labels them when it
 * scrapes through the ServiceMonitor: `namespace` and `pod` of the target. Replica-status metrics are named after
 * the columns of the status statement: `slave_io_running`, `seconds_behind_master` where the server reports the
 * `Master_*`/`Slave_*` names, `replica_io_running`, `seconds_behind_source` where it reports the MySQL 8.0.22+
 * names; every rule accepts both. The source's host is the label `master_host` in every exporter release (0.16.0+
 * fills it from `Source_Host` too; runtime/exporter.ts). Annotations are plain text (no templates), so
 * they read the same in every receiver. Runbook: docs/observability.md.
 */
import type { ClusterPlan, InstancePlan } from "../planner/types";

/** One Prometheus alerting rule (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/). */
export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

/** A rule group. */
export interface AlertRuleGroup {
    name: string;
    rules: AlertRule[];
}

/** Where the runbook lives, relative to the repository (each alert links to its section). */
export const RUNBOOK = "docs/observability.md";

/** The alerts, with how long the condition must hold and the runbook anchor of each. */
export const ALERTS = {
    MySQLInstanceDown: { for: "1m", severity: "critical" },
    MySQLServerIdUnexpected: { for: "0m", severity: "critical" },
    MySQLReplicationIOThreadNotRunning: { for: "2m", severity: "critical" },
    MySQLReplicationSQLThreadNotRunning: { for: "2m", severity: "critical" },
    MySQLReplicationError: { for: "0m", severity: "critical" },
    MySQLReplicationLag: { for: "1m", severity: "warning" },
    MySQLReplicaNotReplicating: { for: "2m", severity: "critical" },
    MySQLReplicationSourceUnexpected: { for: "2m", severity: "critical" },
    MySQLSemisyncDegraded: { for: "1m", severity: "critical" },
    MySQLGroupMemberNotOnline: { for: "2m", severity: "critical" },
} as const;

/** The name of an alert. */
export type AlertName = keyof typeof ALERTS;

/** The runbook anchor of an alert (its heading in docs/observability.md, lower-cased). */
export function runbookAnchor(alert: AlertName): string {
    return alert.toLowerCase();
}

/** PromQL string literal (double-quoted, escaped). */
function q(value: string): string {
    return JSON.stringify(value);
}

/** The instance's selector: its pod in the cluster's namespace. */
function sel(plan: ClusterPlan, inst: InstancePlan, extra = ""): string {
    return `{namespace=${q(plan.namespace)},pod=${q(inst.podName)}${extra}}`;
}

/** Either spelling of a replica-status metric (`SHOW SLAVE STATUS` or `SHOW REPLICA STATUS` columns). */
function replicaMetric(slave: string, replica: string, selector: string, cmp: string): string {
    return `(mysql_slave_status_${slave}${selector} ${cmp}) or (mysql_slave_status_${replica}${selector} ${cmp})`;
}

function rule(plan: ClusterPlan, inst: InstancePlan, alert: AlertName, expr: string, summary: string, description: string): AlertRule {
    return {
        alert,
        expr,
        for: ALERTS[alert].for,
        labels: {
            severity: ALERTS[alert].severity,
            mysql_cluster: plan.name,
            mysql_instance: inst.name,
            mysql_template: inst.template,
            namespace: plan.namespace,
            pod: inst.podName,
        },
        annotations: {
            summary,
            description,
            runbook: `${RUNBOOK}#${runbookAnchor(alert)}`,
        },
    };
}

/** The rules of one online instance. */
export function instanceRules(plan: ClusterPlan, inst: InstancePlan): AlertRule[] {
    const who = `instance ${inst.name} (template ${inst.template}) of cluster ${plan.name}`;
    const s = sel(plan, inst);
    const rules: AlertRule[] = [
        rule(
            plan,
            inst,
            "MySQLInstanceDown",
            `(mysql_up${s} == 0) or absent(mysql_up${s})`,
            `MySQL ${who} is down`,
            `The exporter of ${who} cannot reach mysqld, or the pod is not scraped at all.`,
        ),
        rule(
            plan,
            inst,
            "MySQLServerIdUnexpected",
            `mysql_global_variables_server_id${s} != ${inst.serverId}`,
            `MySQL ${who} runs with another server_id than the planned ${inst.serverId}`,
            `The server_id of ${who} differs from the plan; replication filters out events of a server with the same id.`,
        ),
    ];
    if (plan.mode !== "group" && inst.role === "replica" && inst.source !== null) {
        const source = plan.instances.find((i) => i.ordinal === inst.source)!;
        const lag = plan.maxReplicaLagSeconds;
        rules.push(
            rule(
                plan,
                inst,
                "MySQLReplicationIOThreadNotRunning",
                replicaMetric("slave_io_running", "replica_io_running", s, "== 0"),
                `Replication IO thread of ${who} is not running`,
                `${inst.name} does not receive the binary log of ${source.name}.`,
            ),
            rule(
                plan,
                inst,
                "MySQLReplicationSQLThreadNotRunning",
                replicaMetric("slave_sql_running", "replica_sql_running", s, "== 0"),
                `Replication SQL thread of ${who} is not running`,
                `${inst.name} does not apply what it received from ${source.name}.`,
            ),
            rule(
                plan,
                inst,
                "MySQLReplicationError",
                `(mysql_slave_status_last_io_errno${s} != 0) or (mysql_slave_status_last_sql_errno${s} != 0)`,
                `Replication of ${who} reports an error`,
                `SHOW REPLICA STATUS on ${inst.name} shows Last_IO_Errno or Last_SQL_Errno.`,
            ),
            rule(
                plan,
                inst,
                "MySQLReplicationLag",
                replicaMetric("seconds_behind_master", "seconds_behind_source", s, `> ${lag}`),
                `${who} lags more than ${lag} s behind its source`,
                `${inst.name} is more than maxReplicaLagSeconds (${lag}) behind ${source.name}; it has left the read Service.`,
            ),
            rule(
                plan,
                inst,
                "MySQLReplicaNotReplicating",
                `(mysql_up${s} == 1) unless on(namespace, pod) (mysql_slave_status_slave_io_running${s} or mysql_slave_status_replica_io_running${s})`,
                `${who} is up but has no replication configured`,
                `${inst.name} reports no replica status at all: it is not a replica of ${source.name} (or the exporter cannot read the status).`,
            ),
            rule(
                plan,
                inst,
                "MySQLReplicationSourceUnexpected",
                `(mysql_slave_status_slave_io_running${sel(plan, inst, `,master_host!=${q(source.host)}`)}) or (mysql_slave_status_replica_io_running${sel(plan, inst, `,master_host!=${q(source.host)}`)})`,
                `${who} replicates from another source than ${source.name}`,
                `The plan has ${inst.name} replicate from ${source.host}.`,
            ),
        );
    }
    if (plan.mode === "semisync" && inst.role === "primary") {
        rules.push(
            rule(
                plan,
                inst,
                "MySQLSemisyncDegraded",
                `(mysql_global_status_rpl_semi_sync_master_status${s} == 0) or (mysql_global_status_rpl_semi_sync_source_status${s} == 0)`,
                `Semi-synchronous replication of ${who} has degraded to asynchronous`,
                `The primary ${inst.name} commits without replica acknowledgements: a failover now may lose committed transactions.`,
            ),
        );
    }
    if (plan.mode === "group") {
        rules.push(
            rule(
                plan,
                inst,
                "MySQLGroupMemberNotOnline",
                `(mysql_up${s} == 1) unless on(namespace, pod) mysql_perf_schema_replication_group_member_info${sel(plan, inst, `,member_host=${q(inst.host)},member_state="ONLINE"`)}`,
                `Group Replication member ${who} is not ONLINE`,
                `${inst.name} does not see itself as an ONLINE member of the group.`,
            ),
        );
    }
    return rules;
}

/** The cluster's rule group: the rules of every online instance, by ordinal. */
export function clusterAlertRules(plan: ClusterPlan): AlertRuleGroup {
    return {
        name: `myriad-${plan.namespace}-${plan.name}`,
        rules: plan.instances.filter((i) => i.state === "online").flatMap((i) => instanceRules(plan, i)),
    };
}
