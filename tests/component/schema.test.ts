/**
 * Every manifest the component renders validates against the Kubernetes API schemas (the maintained
 * `kubernetes-models` package, tests/helpers/validate-manifests.mjs), for every mode and flavour.
 */
import { heterogeneous, runClusters, single } from "../helpers/clusters";
import { validateManifests } from "../helpers/k8s-schema";

test("all manifests of async, semisync, group, MariaDB, 5.7 and Percona clusters are schema-valid", async () => {
    const run = await runClusters([
        heterogeneous(),
        single("semi", "mysql:8.0.36", 3, {
            mode: "semisync",
            semisync: { waitForReplicaCount: 1, timeoutMs: 10000 },
            namespace: "s",
            metrics: { serviceMonitor: true },
        }),
        single("grp", "mysql:8.4.3", 3, { mode: "group", namespace: "g", metrics: { serviceMonitor: true, port: 9200 } }),
        single("bare", "mysql:8.0.36", 2, { namespace: "b", metrics: { enabled: false } }),
        single("maria", "mariadb:10.11.6", 2, {
            offlineInstances: [1],
            templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 2, ordinals: { start: 0, end: 5 } }],
        }),
        single("legacy", "mysql:5.7.44", 2),
        single("perc", "percona/percona-server:8.0.36-28", 2),
    ]);
    const kinds = new Set(run.manifests.map((m) => `${m.apiVersion} ${m.kind}`));
    expect(kinds).toEqual(
        new Set([
            "v1 Secret",
            "v1 ConfigMap",
            "v1 Service",
            "apps/v1 StatefulSet",
            "policy/v1 PodDisruptionBudget",
            "monitoring.coreos.com/v1 ServiceMonitor",
            "monitoring.coreos.com/v1 PrometheusRule",
        ]),
    );
    const results = validateManifests(run.manifests);
    expect(results).toHaveLength(run.manifests.length);
    const invalid = results.filter((r) => r.errors.length).map((r) => `${r.kind}/${r.name}: ${r.errors.join("; ")}`);
    expect(invalid).toEqual([]);
});

test("the validator is not vacuous: wrong types and missing required fields are reported", async () => {
    const run = await runClusters([single("neg", "mysql:8.0.36", 1)]);
    const sts = JSON.parse(JSON.stringify(run.manifest("StatefulSet", "neg-0")));
    sts.spec.replicas = "1";
    sts.spec.template.spec.containers[0].ports[0].containerPort = "3306";
    const svc = JSON.parse(JSON.stringify(run.manifest("Service", "neg")));
    delete svc.spec.ports[0].port;
    const pdb = JSON.parse(JSON.stringify(run.manifest("PodDisruptionBudget", "neg")));
    pdb.spec.selector = "neg";
    const [a, b, c] = validateManifests([sts, svc, pdb]);
    expect(a.errors.join("\n")).toMatch(/replicas must be integer/);
    expect(a.errors.join("\n")).toMatch(/containerPort must be integer/);
    expect(b.errors.join("\n")).toMatch(/must have required property '?port'?/);
    expect(c.errors.join("\n")).toMatch(/selector must be object/);
});
