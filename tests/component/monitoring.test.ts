/**
 * The metrics exporter sidecar and the Prometheus Operator objects, as rendered under mocks: the container, its
 * port and its credentials file (the only Secret key it mounts), the scrape annotations, the headless Service's
 * port, and the ServiceMonitor and PrometheusRule validated against the Prometheus Operator's schemas.
 */
import { runClusters, single, type ClusterRun } from "../helpers/clusters";
import { validateManifests } from "../helpers/k8s-schema";

type Obj = Record<string, any>;

const podSpec = (run: ClusterRun, sts: string) => (run.manifest("StatefulSet", sts) as Obj).spec.template.spec as Obj;

describe("the exporter sidecar (on by default)", () => {
    let run: ClusterRun;
    beforeAll(async () => {
        run = await runClusters([
            single("orders", "mysql:8.0.36", 3, { namespace: "db" }),
            single("grp", "mysql:8.0.36", 3, { mode: "group" }),
        ]);
    });

    test("a container 'exporter' with the pinned image, a named port 'metrics' and the option file as its only credential", () => {
        const spec = podSpec(run, "orders-1");
        const exporter = spec.containers.find((c: Obj) => c.name === "exporter");
        // MySQL 8.0.36 reports the 8.0.22+ replica-status names: the default is the first release that reads them.
        expect(exporter.image).toBe("prom/mysqld-exporter:v0.16.0");
        expect(exporter.ports).toEqual([{ name: "metrics", containerPort: 9104, protocol: "TCP" }]);
        expect(exporter.args).toEqual([
            "--config.my-cnf=/etc/myriad-exporter/exporter.cnf",
            "--web.listen-address=:9104",
            "--web.telemetry-path=/metrics",
            "--collect.global_status",
            "--collect.global_variables",
            "--collect.slave_status",
            "--collect.info_schema.innodb_metrics",
            "--collect.engine_innodb_status",
            "--collect.binlog_size",
        ]);
        expect(exporter.env).toBeUndefined();
        expect(exporter.resources).toEqual({ requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } });
        expect(exporter.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(exporter.volumeMounts).toEqual([{ name: "exporter-credentials", mountPath: "/etc/myriad-exporter", readOnly: true }]);
        const volume = spec.volumes.find((v: Obj) => v.name === "exporter-credentials");
        expect(volume.secret).toEqual({
            secretName: "orders-credentials",
            items: [{ key: "exporter.cnf", path: "exporter.cnf", mode: 0o400 }],
        });
        // mysqld's projected volume does not carry the exporter's file.
        const config = spec.volumes.find((v: Obj) => v.name === "config");
        expect(config.projected.sources[1].secret.items.map((i: Obj) => i.key)).not.toContain("exporter.cnf");
    });

    test("group mode adds the Group Replication collectors", () => {
        const exporter = podSpec(run, "grp-0").containers.find((c: Obj) => c.name === "exporter");
        expect(exporter.args).toEqual(
            expect.arrayContaining([
                "--collect.perf_schema.replication_group_members",
                "--collect.perf_schema.replication_group_member_stats",
            ]),
        );
        expect(podSpec(run, "orders-0").containers.find((c: Obj) => c.name === "exporter").args).not.toContain(
            "--collect.perf_schema.replication_group_members",
        );
    });

    test("the pods carry the scrape annotations; no ServiceMonitor without the switch", () => {
        const tpl = (run.manifest("StatefulSet", "orders-0") as Obj).spec.template.metadata;
        expect(tpl.annotations).toMatchObject({
            "prometheus.io/scrape": "true",
            "prometheus.io/port": "9104",
            "prometheus.io/path": "/metrics",
        });
        expect(run.manifests.filter((m) => m.apiVersion.startsWith("monitoring.coreos.com"))).toEqual([]);
    });
});

describe("metrics disabled", () => {
    test("no exporter container, volume, port or annotation", async () => {
        const run = await runClusters([single("orders", "mysql:8.0.36", 2, { metrics: { enabled: false } })]);
        const spec = podSpec(run, "orders-0");
        expect(spec.containers.map((c: Obj) => c.name)).toEqual(["mysqld"]);
        expect(spec.volumes.map((v: Obj) => v.name)).not.toContain("exporter-credentials");
        expect((run.manifest("StatefulSet", "orders-0") as Obj).spec.template.metadata.annotations["prometheus.io/scrape"]).toBeUndefined();
        expect((run.manifest("Service", "orders") as Obj).spec.ports.map((p: Obj) => p.name)).toEqual(["mysql"]);
    });
});

describe("metrics.serviceMonitor", () => {
    let run: ClusterRun;
    beforeAll(async () => {
        run = await runClusters([single("orders", "mysql:8.0.36", 3, { namespace: "db", metrics: { serviceMonitor: true, port: 9200 } })]);
    });

    test("a ServiceMonitor on the headless Service's metrics port and a PrometheusRule, parented to the component", () => {
        const sm = run.manifest("ServiceMonitor", "orders") as Obj;
        expect(sm.metadata.namespace).toBe("db");
        expect(sm.spec.endpoints).toEqual([{ port: "metrics", path: "/metrics", interval: "30s", scrapeTimeout: "10s" }]);
        expect(sm.spec.selector).toEqual({ matchLabels: { "myriad.dev/cluster": "orders" } });
        const svc = run.manifest("Service", "orders") as Obj;
        expect(svc.spec.ports).toContainEqual({ name: "metrics", port: 9200, targetPort: "metrics", protocol: "TCP" });
        const rule = run.manifest("PrometheusRule", "orders-alerts") as Obj;
        const alerts = rule.spec.groups[0].rules.map((r: Obj) => `${r.alert}/${r.labels.mysql_instance}`);
        expect(alerts).toContain("MySQLReplicationIOThreadNotRunning/orders-1");
        expect(alerts).toContain("MySQLInstanceDown/orders-0");
        const component = run.run.resources.find((r) => r.type === "myriad:mysql:MySqlCluster")!;
        for (const t of ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "kubernetes:monitoring.coreos.com/v1:PrometheusRule"]) {
            const [r] = run.ofType(t);
            expect(r.parent).toBe(component.urn);
        }
    });

    test("both validate against the Prometheus Operator schemas, and the validator is not vacuous", () => {
        const sm = run.manifest("ServiceMonitor", "orders") as Obj;
        const rule = run.manifest("PrometheusRule", "orders-alerts") as Obj;
        const [a, b] = validateManifests([sm, rule]);
        expect([a.errors, b.errors]).toEqual([[], []]);
        const badSm = JSON.parse(JSON.stringify(sm));
        badSm.spec.endpoints = "metrics";
        const badRule = JSON.parse(JSON.stringify(rule));
        delete badRule.spec.groups[0].rules[0].expr;
        const [c, d] = validateManifests([badSm, badRule]);
        expect(c.errors.join("\n")).toMatch(/endpoints must be array/);
        expect(d.errors.join("\n")).toMatch(/must have required property '?expr'?/);
    });
});
