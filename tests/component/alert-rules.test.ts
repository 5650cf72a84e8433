/**
 * The alert rules, evaluated by Prometheus' rule engine (`promtool test rules`) on synthetic series of every mode:
 * each alert fires for the instance whose series show the failure, with the cluster, instance and template in
 * its labels, and none fires on a healthy cluster. The same rules on series scraped from real servers:
 * tests/real/exporter.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { planOrThrow } from "../../components/planner/plan";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import { ALERTS, clusterAlertRules, RUNBOOK, runbookAnchor, type AlertName, type AlertRule } from "../../components/resources/alert-rules";
import type { ClusterSpec } from "../../components/spec/types";
import { firing, havePromtool, promtoolCheck, promtoolTest, type InputSeries } from "../helpers/promtool";
import { describeWhen } from "../helpers/requires";

const promtool = { missing: havePromtool() ? [] : ["promtool"], install: "apt-get install -y prometheus (.ci/install-servers.sh)" };

const plan = (extra: Partial<ClusterSpec> = {}): ClusterPlan =>
    planOrThrow({ name: "orders", namespace: "db", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 3 }], ...extra });

const byPod = (p: ClusterPlan, inst: InstancePlan) => ({ namespace: p.namespace, pod: inst.podName });

/** The healthy series of every online instance; `override` replaces the values of a metric for one pod. */
function healthy(
    p: ClusterPlan,
    override: Record<string, Record<string, string | null>> = {},
    spelling: "slave" | "replica" = "slave",
): InputSeries[] {
    const out: InputSeries[] = [];
    const add = (inst: InstancePlan, name: string, values: string, extra: Record<string, string> = {}) => {
        const o = override[inst.podName]?.[name];
        if (o === null) return;
        out.push({ labels: { __name__: name, ...byPod(p, inst), ...extra }, values: o ?? values });
    };
    for (const inst of p.instances.filter((i) => i.state === "online")) {
        add(inst, "mysql_up", "1x15");
        add(inst, "mysql_global_variables_server_id", `${inst.serverId}x15`);
        if (inst.source !== null) {
            const host = p.instances.find((i) => i.ordinal === inst.source)!.host;
            const repl = { master_host: override[inst.podName]?.master_host ?? host, master_uuid: "u-1", channel_name: "" };
            // The exporter names the metrics after the status columns (Replica_IO_Running on MySQL 8.0.22+) and
            // labels the source `master_host` in every release.
            const [io, sql, lag] =
                spelling === "slave"
                    ? ["slave_io_running", "slave_sql_running", "seconds_behind_master"]
                    : ["replica_io_running", "replica_sql_running", "seconds_behind_source"];
            for (const m of [io, sql]) add(inst, `mysql_slave_status_${m}`, "1x15", repl);
            for (const m of [lag, "last_io_errno", "last_sql_errno"]) add(inst, `mysql_slave_status_${m}`, "0x15", repl);
        }
        if (p.mode === "semisync" && inst.role === "primary") add(inst, "mysql_global_status_rpl_semi_sync_master_status", "1x15");
        if (p.mode === "group") {
            for (const member of p.instances.filter((i) => i.state === "online"))
                add(inst, "mysql_perf_schema_replication_group_member_info", "1x15", {
                    member_host: member.host,
                    member_state: override[inst.podName]?.[`state:${member.host}`] ?? "ONLINE",
                    member_id: `id-${member.ordinal}`,
                    member_port: "3306",
                    channel_name: "group_replication_applier",
                });
        }
    }
    return out;
}

function ruleOf(p: ClusterPlan, alert: AlertName, inst: string): AlertRule {
    const r = clusterAlertRules(p).rules.find((x) => x.alert === alert && x.labels.mysql_instance === inst);
    if (!r) throw new Error(`no rule ${alert} for ${inst}`);
    return r;
}

/** Expects exactly `fired` (alert → labels of its series) at 10m and nothing else among `names`. */
function expectAlerts(
    p: ClusterPlan,
    series: InputSeries[],
    fired: [AlertName, string, Record<string, string>][],
    names = Object.keys(ALERTS) as AlertName[],
) {
    const expected = names.map((alertname) => ({
        evalTime: "10m",
        alertname,
        alerts: fired.filter(([a]) => a === alertname).map(([a, inst, labels]) => firing(ruleOf(p, a, inst), labels)),
    }));
    const r = promtoolTest([clusterAlertRules(p)], series, expected);
    if (!r.ok) throw new Error(r.output);
}

const replSeriesLabels = (p: ClusterPlan, ordinal: number, masterHost?: string) => {
    const inst = p.instances.find((i) => i.ordinal === ordinal)!;
    return {
        ...byPod(p, inst),
        master_host: masterHost ?? p.instances.find((i) => i.ordinal === inst.source)!.host,
        master_uuid: "u-1",
        channel_name: "",
    };
};

describe("the rules' shape", () => {
    test("every alert of every online instance names cluster, instance and template and links to its runbook section", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "..", RUNBOOK), "utf8");
        for (const p of [plan(), plan({ mode: "semisync" }), plan({ mode: "group" })]) {
            const group = clusterAlertRules(p);
            for (const r of group.rules) {
                const inst = p.instances.find((i) => i.name === r.labels.mysql_instance)!;
                expect(r.labels).toMatchObject({
                    mysql_cluster: "orders",
                    mysql_template: inst.template,
                    namespace: "db",
                    pod: inst.podName,
                });
                expect(r.annotations.runbook).toBe(`${RUNBOOK}#${runbookAnchor(r.alert as AlertName)}`);
                expect(doc).toContain(`\n### ${r.alert}\n`);
            }
        }
    });

    test("offline instances have no rules; the primary has no replication rules", () => {
        const p = plan({
            offlineInstances: [1],
            templates: [{ name: "main", image: "mysql:8.0.36", replicas: 3, ordinals: { start: 0, end: 5 } }],
        });
        const rules = clusterAlertRules(p).rules;
        expect(rules.filter((r) => r.labels.mysql_instance === "orders-1")).toEqual([]);
        expect(rules.filter((r) => r.labels.mysql_instance === "orders-0").map((r) => r.alert)).toEqual([
            "MySQLInstanceDown",
            "MySQLServerIdUnexpected",
        ]);
    });
});

describeWhen("the rules evaluated by promtool", promtool, () => {
    test("promtool accepts the rule files of every mode", () => {
        for (const p of [plan(), plan({ mode: "semisync" }), plan({ mode: "group" })])
            expect(promtoolCheck([clusterAlertRules(p)])).toMatch(/SUCCESS/);
    });

    test("a healthy cluster fires nothing", () => {
        const p = plan();
        expectAlerts(p, healthy(p), []);
    });

    test("IO thread stopped, SQL thread stopped, a replication error", () => {
        const p = plan();
        const series = healthy(p, {
            "orders-1-0": { mysql_slave_status_slave_io_running: "1 1 0x13", mysql_slave_status_last_io_errno: "0 0 2003x13" },
            "orders-2-0": { mysql_slave_status_slave_sql_running: "1 0x14", mysql_slave_status_last_sql_errno: "0 1062x14" },
        });
        expectAlerts(p, series, [
            ["MySQLReplicationIOThreadNotRunning", "orders-1", replSeriesLabels(p, 1)],
            ["MySQLReplicationError", "orders-1", replSeriesLabels(p, 1)],
            ["MySQLReplicationSQLThreadNotRunning", "orders-2", replSeriesLabels(p, 2)],
            ["MySQLReplicationError", "orders-2", replSeriesLabels(p, 2)],
        ]);
    });

    test("lag over maxReplicaLagSeconds fires, lag at the threshold does not", () => {
        const p = plan({ maxReplicaLagSeconds: 45 });
        const series = healthy(p, {
            "orders-1-0": { mysql_slave_status_seconds_behind_master: "0+10x15" },
            "orders-2-0": { mysql_slave_status_seconds_behind_master: "45x15" },
        });
        expectAlerts(p, series, [["MySQLReplicationLag", "orders-1", replSeriesLabels(p, 1)]]);
    });

    test("down, absent, wrong server_id, no replication, wrong source", () => {
        // orders-2 is not scraped at all: only MySQLInstanceDown (the other rules need its series).
        const p = plan({ templates: [{ name: "main", image: "mysql:8.0.36", replicas: 5 }] });
        const wrongHost = "elsewhere.db.svc.cluster.local";
        const series = healthy(p, {
            "orders-1-0": { mysql_up: "1 0x14" },
            "orders-2-0": { mysql_up: null, mysql_global_variables_server_id: null },
            "orders-3-0": {
                mysql_global_variables_server_id: "7x15",
                mysql_slave_status_slave_io_running: null,
                mysql_slave_status_slave_sql_running: null,
                mysql_slave_status_seconds_behind_master: null,
                mysql_slave_status_last_io_errno: null,
                mysql_slave_status_last_sql_errno: null,
            },
            "orders-4-0": { master_host: wrongHost },
        });
        const pod = (o: number) => byPod(p, p.instances[o]);
        expectAlerts(p, series, [
            ["MySQLInstanceDown", "orders-1", { __name__: "mysql_up", ...pod(1) }],
            ["MySQLInstanceDown", "orders-2", pod(2)],
            ["MySQLServerIdUnexpected", "orders-3", pod(3)],
            ["MySQLReplicaNotReplicating", "orders-3", pod(3)],
            ["MySQLReplicationSourceUnexpected", "orders-4", replSeriesLabels(p, 4, wrongHost)],
        ]);
    });

    test("MySQL 8.4 with a release that reads SHOW REPLICA STATUS: the Source_* spellings, the source in master_host", () => {
        const p = plan({ templates: [{ name: "main", image: "mysql:8.4.3", replicas: 4 }] });
        expectAlerts(p, healthy(p, {}, "replica"), []);
        const wrongHost = "elsewhere.db.svc.cluster.local";
        const series = healthy(
            p,
            {
                "orders-1-0": { mysql_slave_status_replica_io_running: "1 1 0x13" },
                "orders-2-0": { mysql_slave_status_seconds_behind_source: "0+10x15" },
                "orders-3-0": { master_host: wrongHost },
            },
            "replica",
        );
        expectAlerts(p, series, [
            ["MySQLReplicationIOThreadNotRunning", "orders-1", replSeriesLabels(p, 1)],
            ["MySQLReplicationLag", "orders-2", replSeriesLabels(p, 2)],
            ["MySQLReplicationSourceUnexpected", "orders-3", replSeriesLabels(p, 3, wrongHost)],
        ]);
    });

    test("semi-sync degraded on the primary", () => {
        const p = plan({ mode: "semisync" });
        const series = healthy(p, { "orders-0-0": { mysql_global_status_rpl_semi_sync_master_status: "1 1 1 0x12" } });
        expectAlerts(p, series, [["MySQLSemisyncDegraded", "orders-0", byPod(p, p.instances[0])]]);
    });

    test("a group member not ONLINE in its own view", () => {
        const p = plan({ mode: "group" });
        const h1 = p.instances[1].host;
        const series = healthy(p, { "orders-1-0": { [`state:${h1}`]: "RECOVERING" } });
        expectAlerts(p, series, [["MySQLGroupMemberNotOnline", "orders-1", byPod(p, p.instances[1])]]);
    });
});
