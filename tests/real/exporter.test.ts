/**
 * The metrics exporter on real servers (MariaDB and MySQL 5.7), started by `myriad local up` beside each
 * instance with the pod sidecar's arguments: scraping a replica returns `mysql_up 1` and its replication
 * metrics; after STOP SLAVE the thread metrics the IO/SQL alerts read drop to 0; with an induced lag the lag
 * metric exceeds maxReplicaLagSeconds. The alert rules are then evaluated on the scraped samples by
 * `promtool test rules` (the samples become promtool input series, labelled with namespace and pod as the
 * Prometheus Operator labels them).
 *
 * Not evaluated here: MySQLReplicationSourceUnexpected (a local replica's source is its primary's loopback address, not
 * the planned DNS name), semi-sync and Group Replication (tests/component/alert-rules.test.ts covers them on synthetic series).
 */
import { planOrThrow } from "../../components/planner/plan";
import type { ClusterPlan } from "../../components/planner/types";
import { clusterAlertRules, type AlertName } from "../../components/resources/alert-rules";
import type { ClusterSpec } from "../../components/spec/types";
import { firing, promtoolTest, type InputSeries } from "../helpers/promtool";
import { TestCluster, writeConfig } from "./cluster";
import { describeReal, eventually, scratchDir, removeDir, type Need } from "./harness";

jest.setTimeout(240000);

/** One sample of the Prometheus text format. */
interface Sample {
    name: string;
    labels: Record<string, string>;
    value: number;
}

/** Parses the exporter's text exposition (https://prometheus.io/docs/instrumenting/exposition_formats/). */
function parseMetrics(text: string): Sample[] {
    const out: Sample[] = [];
    for (const line of text.split("\n")) {
        if (!line || line.startsWith("#")) continue;
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
        if (!m) continue;
        const labels: Record<string, string> = {};
        for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, "$1");
        out.push({ name: m[1], labels, value: Number(m[3]) });
    }
    return out;
}

async function scrape(port: number): Promise<Sample[]> {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    return parseMetrics(await res.text());
}

const value = (samples: Sample[], name: string) => samples.find((s) => s.name === name)?.value;

/** The scraped samples the rules read, as promtool input series of one constant value, labelled like the operator would. */
function asSeries(plan: ClusterPlan, pod: string, samples: Sample[]): InputSeries[] {
    return samples
        .filter((s) => /^mysql_(up|global_variables_server_id|slave_status_)/.test(s.name) && Number.isFinite(s.value))
        .map((s) => ({ labels: { ...s.labels, __name__: s.name, namespace: plan.namespace, pod }, values: `${s.value}x15` }));
}

const CHECKED: AlertName[] = [
    "MySQLInstanceDown",
    "MySQLServerIdUnexpected",
    "MySQLReplicationIOThreadNotRunning",
    "MySQLReplicationSQLThreadNotRunning",
    "MySQLReplicationError",
    "MySQLReplicationLag",
    "MySQLReplicaNotReplicating",
];

/** promtool on the replica's and the primary's scraped samples: exactly `expected` fire among CHECKED. */
function evaluate(plan: ClusterPlan, samples: Record<string, Sample[]>, expected: AlertName[]): void {
    const series = Object.entries(samples).flatMap(([inst, s]) => asSeries(plan, plan.instances.find((i) => i.name === inst)!.podName, s));
    const group = clusterAlertRules(plan);
    const replica = plan.instances.find((i) => i.role === "replica")!;
    const alerts = CHECKED.map((alertname) => ({
        evalTime: "10m",
        alertname,
        alerts: expected.includes(alertname)
            ? series
                  .filter((s) => s.labels.pod === replica.podName && s.labels.__name__ === metricOf(alertname))
                  .map((s) =>
                      firing(
                          group.rules.find((r) => r.alert === alertname && r.labels.mysql_instance === replica.name)!,
                          s.labels,
                      ),
                  )
            : [],
    }));
    const r = promtoolTest([group], series, alerts);
    if (!r.ok) throw new Error(r.output);
}

/** The series whose labels an alert carries when it fires (the left operand of its expression). */
function metricOf(alert: AlertName): string {
    switch (alert) {
        case "MySQLReplicationIOThreadNotRunning":
            return "mysql_slave_status_slave_io_running";
        case "MySQLReplicationSQLThreadNotRunning":
            return "mysql_slave_status_slave_sql_running";
        case "MySQLReplicationLag":
            return "mysql_slave_status_seconds_behind_master";
        default:
            throw new Error(`no metric for ${alert}`);
    }
}

function suite(title: string, needs: Need[], image: string): void {
    describeReal(title, [...needs, "client", "exporter", "promtool"], () => {
        const spec: ClusterSpec = {
            name: "obs",
            serverIdBase: 100,
            maxReplicaLagSeconds: 5,
            templates: [{ name: "main", image, replicas: 2 }],
        };
        const plan = planOrThrow(spec);
        let c: TestCluster;
        let work: string;
        const ports: Record<string, number> = {};
        const hosts: Record<string, string> = {};
        beforeAll(async () => {
            work = scratchDir("exporter");
            c = await TestCluster.up(writeConfig(work, "obs.yaml", [spec]));
            for (const i of (await c.status()).instances) {
                ports[i.name] = i.metricsPort;
                hosts[i.name] = i.host;
            }
            await c.query("obs-0", "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY); INSERT INTO app.t VALUES (1)");
        });
        afterAll(async () => {
            if (c) await c.down();
            if (work) removeDir(work);
        });

        it("local status shows a metrics port per instance; the replica's exporter answers mysql_up 1 and its replication metrics", async () => {
            expect(Object.values(ports).every((p) => Number.isInteger(p) && p > 0)).toBe(true);
            expect(new Set(Object.values(ports)).size).toBe(2);
            const s = await eventually(
                "replica replicating",
                async () => {
                    const x = await scrape(ports["obs-1"]);
                    return value(x, "mysql_slave_status_slave_io_running") === 1 && value(x, "mysql_slave_status_slave_sql_running") === 1
                        ? x
                        : undefined;
                },
                30000,
                500,
            );
            expect(value(s, "mysql_up")).toBe(1);
            expect(value(s, "mysql_global_variables_server_id")).toBe(101);
            expect(value(s, "mysql_slave_status_seconds_behind_master")).toBe(0);
            expect(value(s, "mysql_slave_status_last_io_errno")).toBe(0);
            expect(s.find((x) => x.name === "mysql_slave_status_slave_io_running")!.labels.master_host).toBe(hosts["obs-0"]);
            // The monitoring account's privileges suffice for every collector the sidecar enables: each ran (a
            // duration sample) and none failed (no scrape_errors_total sample above 0, last_scrape_error 0).
            const ran = (x: Sample[]) =>
                x
                    .filter((m) => m.name === "mysql_exporter_collector_duration_seconds")
                    .map((m) => m.labels.collector.replace(/^collect\./, ""));
            const errors = (x: Sample[]) =>
                x.filter((m) => m.name === "mysql_exporter_scrape_errors_total" && m.value > 0).map((m) => m.labels.collector);
            const enabled = [
                "global_status",
                "global_variables",
                "slave_status",
                "info_schema.innodb_metrics",
                "engine_innodb_status",
                "binlog_size",
            ];
            expect(ran(s)).toEqual(expect.arrayContaining(enabled));
            expect(errors(s)).toEqual([]);
            expect(value(s, "mysql_exporter_last_scrape_error")).toBe(0);
            const primary = await scrape(ports["obs-0"]);
            expect(ran(primary)).toEqual(expect.arrayContaining(enabled));
            expect(errors(primary)).toEqual([]);
            expect(value(primary, "mysql_exporter_last_scrape_error")).toBe(0);
            expect(value(primary, "mysql_up")).toBe(1);
            expect(value(primary, "mysql_global_variables_server_id")).toBe(100);
            expect(primary.some((x) => x.name.startsWith("mysql_binlog_"))).toBe(true);
            expect(primary.some((x) => x.name.startsWith("mysql_info_schema_innodb_metrics_"))).toBe(true);
            evaluate(plan, { "obs-0": primary, "obs-1": s }, []);
        });

        it("after STOP SLAVE the IO and SQL thread metrics read 0 and their alerts fire; START SLAVE clears them", async () => {
            await c.query("obs-1", "STOP SLAVE");
            try {
                const s = await scrape(ports["obs-1"]);
                expect(value(s, "mysql_up")).toBe(1);
                expect(value(s, "mysql_slave_status_slave_io_running")).toBe(0);
                expect(value(s, "mysql_slave_status_slave_sql_running")).toBe(0);
                evaluate(plan, { "obs-0": await scrape(ports["obs-0"]), "obs-1": s }, [
                    "MySQLReplicationIOThreadNotRunning",
                    "MySQLReplicationSQLThreadNotRunning",
                ]);
            } finally {
                await c.query("obs-1", "START SLAVE");
            }
            await eventually(
                "replica replicating again",
                async () => value(await scrape(ports["obs-1"]), "mysql_slave_status_slave_io_running") === 1,
            );
        });

        it("with an induced lag the lag metric exceeds maxReplicaLagSeconds and the lag alert fires", async () => {
            const blocker = await c.connect("obs-1");
            await blocker.query("LOCK TABLES app.t READ");
            try {
                await c.query("obs-0", "INSERT INTO app.t VALUES (2)");
                const s = await eventually(
                    "lag above 5 s",
                    async () => {
                        const x = await scrape(ports["obs-1"]);
                        return (value(x, "mysql_slave_status_seconds_behind_master") ?? 0) > 5 ? x : undefined;
                    },
                    40000,
                    1000,
                );
                evaluate(plan, { "obs-0": await scrape(ports["obs-0"]), "obs-1": s }, ["MySQLReplicationLag"]);
            } finally {
                await blocker.query("UNLOCK TABLES");
                await blocker.end();
            }
        });

        it("local down stops the exporters", async () => {
            const pids = c.run.state.instances.map((i) => i.exporterPid!);
            expect(pids.every((p) => Number.isInteger(p))).toBe(true);
            await c.down(true);
            await eventually("exporters gone", async () => {
                try {
                    await fetch(`http://127.0.0.1:${ports["obs-1"]}/metrics`);
                    return false;
                } catch {
                    return true;
                }
            });
        });
    });
}

suite("metrics exporter on MariaDB (myriad local)", ["mariadb"], "mariadb:10.11.6");
suite("metrics exporter on MySQL 5.7 (myriad local)", ["mysql57"], "mysql:5.7.29");
