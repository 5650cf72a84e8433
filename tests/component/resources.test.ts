/**
 * MySqlCluster under mocks: which resources exist, their names, and the shape of every Kubernetes object for a
 * heterogeneous cluster (two templates, an offline instance in the middle of a range).
 */
import { createHash } from "crypto";
import { heterogeneous, parseEnvFile, runClusters, type ClusterRun } from "../helpers/clusters";
import { KEYS } from "../../components/resources/labels";
import { MySqlCluster } from "../../components/cluster/mysql-cluster";
import { runUnderMocks } from "../../infra/mock-engine/runtime";

type Obj = Record<string, any>;

let run: ClusterRun;
beforeAll(async () => {
    run = await runClusters([heterogeneous()]);
});

const sts = (name: string): Obj => run.manifest("StatefulSet", name);
const container = (s: Obj, name: string): Obj =>
    [...s.spec.template.spec.containers, ...s.spec.template.spec.initContainers].find((c: Obj) => c.name === name);

describe("resource inventory", () => {
    test("one StatefulSet per instance, online and offline; one config ConfigMap per template and role; one of each cluster object", () => {
        const counts: Record<string, number> = {};
        for (const r of run.run.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
        expect(counts).toEqual({
            "pulumi:pulumi:Stack": 1,
            "myriad:mysql:MySqlCluster": 1,
            "random:index/randomPassword:RandomPassword": 3,
            "kubernetes:core/v1:Secret": 1,
            // scripts + main/primary, main/replica (orders-1 offline, orders-2, orders-3), canary/replica
            "kubernetes:core/v1:ConfigMap": 1 + 3,
            "kubernetes:core/v1:Service": 3,
            "kubernetes:apps/v1:StatefulSet": 6,
            "kubernetes:policy/v1:PodDisruptionBudget": 1,
        });
    });

    test("Kubernetes names follow naming.ts: ordinals are cluster-wide and the offline ordinal keeps its name", () => {
        const names = (kind: string) =>
            run.manifests
                .filter((m) => m.kind === kind)
                .map((m) => m.metadata.name)
                .sort();
        expect(names("StatefulSet")).toEqual(["orders-0", "orders-1", "orders-10", "orders-11", "orders-2", "orders-3"]);
        const maps = names("ConfigMap");
        expect(maps).toHaveLength(4);
        expect(maps[0]).toMatch(/^orders-canary-replica-[0-9a-f]{10}$/);
        expect(maps[1]).toMatch(/^orders-main-primary-[0-9a-f]{10}$/);
        expect(maps[2]).toMatch(/^orders-main-replica-[0-9a-f]{10}$/);
        expect(maps[3]).toMatch(/^orders-scripts-[0-9a-f]{10}$/);
        expect(names("Service")).toEqual(["orders", "orders-primary", "orders-replicas"]);
        expect(names("Secret")).toEqual(["orders-credentials"]);
        expect(names("PodDisruptionBudget")).toEqual(["orders"]);
        expect(new Set(run.manifests.map((m) => m.metadata.namespace))).toEqual(new Set(["databases"]));
    });

    test("every child is parented to the component and has a logical name derived from the component name", () => {
        const component = run.run.resources.find((r) => r.type === "myriad:mysql:MySqlCluster")!;
        const children = run.run.resources.filter((r) => r.parent === component.urn);
        expect(children).toHaveLength(run.run.resources.length - 2);
        for (const c of children) expect(c.name.startsWith("orders-")).toBe(true);
        expect(
            run
                .ofType("kubernetes:apps/v1:StatefulSet")
                .map((r) => r.name)
                .sort(),
        ).toEqual(["orders-0", "orders-1", "orders-10", "orders-11", "orders-2", "orders-3"]);
    });

    test("logical names come from the resource name, Kubernetes names from the cluster name (default: the resource name)", async () => {
        let clusters: MySqlCluster[] = [];
        const r = await runUnderMocks({}, () => {
            clusters = [
                new MySqlCluster("db", {
                    name: "orders",
                    namespace: "a",
                    templates: [{ name: "main", image: "mysql:8.0.36", replicas: 1 }],
                }),
                new MySqlCluster(
                    "billing",
                    { namespace: "b", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 1 }] },
                    { protect: false },
                ),
            ];
        });
        const stsRecords = r.resources.filter((x) => x.type === "kubernetes:apps/v1:StatefulSet");
        expect(stsRecords.map((x) => [x.name, (x.inputs.metadata as Obj).name])).toEqual([
            ["db-0", "orders-0"],
            ["billing-0", "billing-0"],
        ]);
        expect(clusters.map((c) => c.plan.name)).toEqual(["orders", "billing"]);
    });
});

describe("StatefulSets", () => {
    test("replicas 1 online, 0 offline; the offline instance keeps its claim template, name and server_id", () => {
        for (const n of ["orders-0", "orders-2", "orders-3", "orders-10", "orders-11"]) expect(sts(n).spec.replicas).toBe(1);
        const off = sts("orders-1");
        expect(off.spec.replicas).toBe(0);
        expect(off.metadata.annotations[KEYS.state]).toBe("offline");
        expect(off.metadata.annotations[KEYS.serverId]).toBe("101");
        expect(off.spec.volumeClaimTemplates[0].metadata.name).toBe("data");
    });

    test("frozen fields depend on cluster and ordinal only: selector, serviceName, claim template labels", () => {
        for (const [name, ordinal] of [
            ["orders-0", "0"],
            ["orders-10", "10"],
            ["orders-1", "1"],
        ] as const) {
            const s = sts(name);
            expect(s.spec.selector).toEqual({ matchLabels: { [KEYS.cluster]: "orders", [KEYS.ordinal]: ordinal } });
            expect(s.spec.serviceName).toBe("orders");
            expect(s.spec.volumeClaimTemplates[0].metadata.labels).toEqual({ [KEYS.cluster]: "orders", [KEYS.ordinal]: ordinal });
            expect(s.spec.podManagementPolicy).toBeUndefined();
            expect(s.spec.revisionHistoryLimit).toBeUndefined();
            // The pod's labels must match the selector, and the role must not be part of it.
            expect(s.spec.template.metadata.labels).toMatchObject(s.spec.selector.matchLabels);
            expect(Object.keys(s.spec.selector.matchLabels)).not.toContain(KEYS.role);
        }
    });

    test("claims are retained on delete and scale; size and StorageClass come from the template", () => {
        expect(sts("orders-0").spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
        expect(sts("orders-0").spec.volumeClaimTemplates[0].spec).toEqual({
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "20Gi" } },
            storageClassName: "fast",
        });
        expect(sts("orders-10").spec.volumeClaimTemplates[0].spec).toEqual({
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "30Gi" } },
        });
    });

    test("labels and annotations on the StatefulSet and on the pod template carry identity and topology", () => {
        const s = sts("orders-10");
        for (const meta of [s.metadata, s.spec.template.metadata]) {
            expect(meta.labels).toMatchObject({
                [KEYS.cluster]: "orders",
                [KEYS.template]: "canary",
                [KEYS.ordinal]: "10",
                [KEYS.role]: "replica",
                [KEYS.flavor]: "mysql",
                "app.kubernetes.io/version": "8.4.3",
            });
            expect(meta.annotations).toMatchObject({
                [KEYS.version]: "8.4.3",
                [KEYS.serverId]: "110",
                [KEYS.source]: "0",
                [KEYS.sourceHost]: "orders-0-0.orders.databases.svc.cluster.local",
                [KEYS.host]: "orders-10-0.orders.databases.svc.cluster.local",
                [KEYS.mode]: "async",
            });
        }
        const p = sts("orders-0");
        expect(p.metadata.labels[KEYS.role]).toBe("primary");
        expect(p.metadata.annotations[KEYS.source]).toBeUndefined();
        expect(p.metadata.labels[KEYS.template]).toBe("main");
    });

    test("instances of one template and role share one content-addressed, immutable ConfigMap; others do not", () => {
        const cm = (n: string) => run.configOf(n) as Obj;
        expect(cm("orders-2").metadata.name).toBe(cm("orders-3").metadata.name);
        expect(cm("orders-1").metadata.name).toBe(cm("orders-2").metadata.name); // offline: same template and role
        expect(cm("orders-10").metadata.name).toBe(cm("orders-11").metadata.name);
        expect(new Set(["orders-0", "orders-2", "orders-10"].map((n) => cm(n).metadata.name)).size).toBe(3);
        for (const n of ["orders-0", "orders-2", "orders-10"]) {
            const c = cm(n);
            expect(c.immutable).toBe(true);
            const hash = createHash("sha256")
                .update(
                    JSON.stringify([
                        ["my.cnf", c.data["my.cnf"]],
                        ["myriad.env", c.data["myriad.env"]],
                    ]),
                )
                .digest("hex")
                .slice(0, 10);
            expect(c.metadata.name.endsWith(`-${hash}`)).toBe(true);
            expect(c.metadata.labels).toMatchObject({
                [KEYS.cluster]: "orders",
                [KEYS.template]: sts(n).metadata.labels[KEYS.template],
                [KEYS.role]: sts(n).metadata.labels[KEYS.role],
            });
        }
    });

    test("a configuration change gives the template a new ConfigMap name (so its pods roll) and leaves other templates alone", async () => {
        const base = heterogeneous();
        const changed = heterogeneous();
        changed.templates[0].config = { innodb_buffer_pool_size: "1G" };
        const [a, b] = await Promise.all([runClusters([base]), runClusters([changed])]);
        const name = (r: ClusterRun, n: string) => r.configOf(n).metadata.name;
        expect(name(a, "orders-0")).not.toBe(name(b, "orders-0"));
        expect(name(a, "orders-2")).not.toBe(name(b, "orders-2"));
        expect(name(a, "orders-10")).toBe(name(b, "orders-10")); // the canary template did not change
        const podTemplate = (r: ClusterRun, n: string) => JSON.stringify((r.manifest("StatefulSet", n) as Obj).spec.template);
        expect(podTemplate(a, "orders-2")).not.toBe(podTemplate(b, "orders-2"));
        expect(podTemplate(a, "orders-10")).toBe(podTemplate(b, "orders-10"));
    });

    test("mysqld never runs as root and holds no privileges", () => {
        const s = sts("orders-0");
        expect(s.spec.template.spec.securityContext).toEqual({
            runAsNonRoot: true,
            runAsUser: 999,
            runAsGroup: 999,
            fsGroup: 999,
            fsGroupChangePolicy: "OnRootMismatch",
            seccompProfile: { type: "RuntimeDefault" },
        });
        for (const c of ["init", "mysqld"]) {
            expect(container(s, c).securityContext).toEqual({
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
            });
        }
        expect(s.spec.template.spec.automountServiceAccountToken).toBe(false);
    });

    test("init container runs init.sh from the same image; mysqld runs the image's server with the rendered my.cnf", () => {
        const s = sts("orders-10");
        const init = container(s, "init");
        expect(init.image).toBe("mysql:8.4.3");
        expect(init.command).toEqual(["bash", "/opt/myriad/bin/init.sh"]);
        const main = container(s, "mysqld");
        expect(main.image).toBe("mysql:8.4.3");
        // The instance's own settings are literals on the command line; the shared my.cnf has everything else.
        expect(main.command).toEqual([
            "mysqld",
            "--defaults-file=/etc/myriad/my.cnf",
            "--server-id=110",
            "--report-host=orders-10-0.orders.databases.svc.cluster.local",
        ]);
        expect(main.lifecycle).toEqual({ postStart: { exec: { command: ["bash", "/opt/myriad/bin/post-start.sh"] } } });
        expect(main.ports).toEqual([{ name: "mysql", containerPort: 3306, protocol: "TCP" }]);
        // The same MYRIAD_* environment for both containers: the instance's own variables, the rest in the shared file.
        expect(init.env).toEqual(main.env);
        const env = Object.fromEntries(main.env.filter((e: Obj) => e.value !== undefined).map((e: Obj) => [e.name, e.value]));
        expect(env).toEqual({
            MYRIAD_ENV_FILE: "/etc/myriad/myriad.env",
            MYRIAD_ORDINAL: "10",
            MYRIAD_SERVER_ID: "110",
            MYRIAD_HOST: "orders-10-0.orders.databases.svc.cluster.local",
        });
        const file = parseEnvFile((run.configOf("orders-10") as Obj).data["myriad.env"] as string);
        expect(file).toMatchObject({
            MYRIAD_CLUSTER: "orders",
            MYRIAD_ROLE: "replica",
            MYRIAD_SOURCE_HOST: "orders-0-0.orders.databases.svc.cluster.local",
        });
        for (const k of Object.keys(env)) if (k !== "MYRIAD_ENV_FILE") expect(file[k]).toBeUndefined();
        // Plain values, except the pod's own IP from the downward API (init.sh's peer check, docs/probes.md).
        expect(main.env.filter((e: Obj) => e.valueFrom !== undefined)).toEqual([
            { name: "MYRIAD_POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
        ]);
    });

    test("volumes: my.cnf and the secrets in one projected volume at /etc/myriad, scripts 0555, data at /var/lib/mysql", () => {
        const s = sts("orders-2");
        const volumes = Object.fromEntries(s.spec.template.spec.volumes.map((v: Obj) => [v.name, v]));
        expect(volumes.config.projected.sources[0]).toEqual({
            configMap: {
                name: run.configOf("orders-2").metadata.name,
                items: [
                    { key: "my.cnf", path: "my.cnf", mode: 0o444 },
                    { key: "myriad.env", path: "myriad.env", mode: 0o444 },
                ],
            },
        });
        const secretItems = volumes.config.projected.sources[1].secret.items;
        expect(volumes.config.projected.sources[1].secret.name).toBe("orders-credentials");
        expect(secretItems.map((i: Obj) => i.path).sort()).toEqual(
            ["monitor-password", "monitor.cnf", "replication-password", "replication.cnf", "root-password", "root.cnf"].map(
                (k) => `secrets/${k}`,
            ),
        );
        expect(secretItems.every((i: Obj) => i.mode === 0o400)).toBe(true);
        expect(volumes.scripts).toEqual({
            name: "scripts",
            configMap: { name: expect.stringMatching(/^orders-scripts-[0-9a-f]{10}$/), defaultMode: 0o555 },
        });
        const mounts = Object.fromEntries(container(s, "mysqld").volumeMounts.map((m: Obj) => [m.mountPath, m]));
        expect(mounts["/etc/myriad"]).toEqual({ name: "config", mountPath: "/etc/myriad", readOnly: true });
        expect(mounts["/opt/myriad/bin"]).toEqual({ name: "scripts", mountPath: "/opt/myriad/bin", readOnly: true });
        expect(mounts["/var/lib/mysql"]).toEqual({ name: "data", mountPath: "/var/lib/mysql" });
        // The read-only root filesystem needs writable socket and temporary directories.
        expect(mounts["/var/run/mysqld"].name).toBe("run");
        expect(mounts["/tmp"].name).toBe("tmp");
        expect(volumes.run.emptyDir).toEqual({});
    });

    test("resources come from the template", () => {
        expect(container(sts("orders-0"), "mysqld").resources).toEqual({
            requests: { cpu: "500m", memory: "1Gi" },
            limits: { memory: "2Gi" },
        });
        expect(container(sts("orders-0"), "init").resources).toEqual({
            requests: { cpu: "500m", memory: "1Gi" },
            limits: { memory: "2Gi" },
        });
        expect(container(sts("orders-10"), "mysqld").resources).toBeUndefined();
    });

    test("scheduling: default preferred anti-affinity across nodes; a given affinity replaces it", () => {
        expect(sts("orders-0").spec.template.spec.affinity).toEqual({
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            labelSelector: { matchLabels: { [KEYS.cluster]: "orders" } },
                            topologyKey: "kubernetes.io/hostname",
                        },
                    },
                ],
            },
        });
        expect(sts("orders-0").spec.template.spec.nodeSelector).toBeUndefined();
        const canary = sts("orders-11").spec.template.spec;
        expect(canary.affinity).toEqual(heterogeneous().templates[1].scheduling!.affinity);
        expect(canary.affinity.podAntiAffinity).toBeUndefined();
        expect(canary.nodeSelector).toEqual({ pool: "canary" });
        expect(canary.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }]);
        expect(canary.priorityClassName).toBe("database");
    });
});

describe("Services and PodDisruptionBudget", () => {
    test("headless Service publishes not-ready pods on 3306 and the exporter's port (no group port in async mode)", () => {
        const svc = run.manifest("Service", "orders") as Obj;
        expect(svc.spec).toEqual({
            clusterIP: "None",
            publishNotReadyAddresses: true,
            selector: { [KEYS.cluster]: "orders" },
            ports: [
                { name: "mysql", port: 3306, targetPort: "mysql", protocol: "TCP", appProtocol: "mysql" },
                { name: "metrics", port: 9104, targetPort: "metrics", protocol: "TCP" },
            ],
        });
    });

    test("the write Service selects only the primary, the read Service only replicas", () => {
        const primary = run.manifest("Service", "orders-primary") as Obj;
        const replicas = run.manifest("Service", "orders-replicas") as Obj;
        expect(primary.spec.selector).toEqual({ [KEYS.cluster]: "orders", [KEYS.role]: "primary" });
        expect(replicas.spec.selector).toEqual({ [KEYS.cluster]: "orders", [KEYS.role]: "replica" });
        // Exactly one pod template matches the write selector, the online replicas match the read selector.
        const matches = (sel: Record<string, string>) =>
            run.manifests
                .filter((m) => m.kind === "StatefulSet" && (m as Obj).spec.replicas === 1)
                .filter((m) => Object.entries(sel).every(([k, v]) => (m as Obj).spec.template.metadata.labels[k] === v))
                .map((m) => m.metadata.name)
                .sort();
        expect(matches(primary.spec.selector)).toEqual(["orders-0"]);
        expect(matches(replicas.spec.selector)).toEqual(["orders-10", "orders-11", "orders-2", "orders-3"]);
        for (const s of [primary, replicas]) expect(s.spec.clusterIP).toBeUndefined();
    });

    test("PodDisruptionBudget over the whole cluster, one pod at a time", () => {
        const pdb = run.manifest("PodDisruptionBudget", "orders") as Obj;
        expect(pdb.spec).toEqual({
            maxUnavailable: 1,
            selector: { matchLabels: { [KEYS.cluster]: "orders" } },
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        });
    });

    test("the ConfigMaps hold what the runtime renders: scripts, and one my.cnf and environment file per template and role", () => {
        const scriptsName = (sts("orders-0").spec.template.spec.volumes as Obj[]).find((v) => v.name === "scripts")!.configMap.name;
        const scripts = run.manifest("ConfigMap", scriptsName) as Obj;
        expect(scripts.immutable).toBe(true);
        expect(Object.keys(scripts.data).sort()).toEqual([
            "accounts.sh",
            "backup-lib.sh",
            "backup.sh",
            "binlog-ship.sh",
            "bootstrap.sh",
            "init.sh",
            "lib.sh",
            "post-start.sh",
            "probe.sh",
            "promotion.sh",
            "replication.sh",
            "restore.sh",
            "seed-donor.sh",
            "seeding.sh",
        ]);
        // Content-addressed: every instance mounts the same version; a script change yields a new ConfigMap that
        // reaches each instance only when its StatefulSet rolls (one at a time).
        for (const n of ["orders-2", "orders-10"]) {
            expect((sts(n).spec.template.spec.volumes as Obj[]).find((v) => v.name === "scripts")!.configMap.name).toBe(scriptsName);
        }
        const cnf = (run.configOf("orders-10") as Obj).data["my.cnf"] as string;
        expect(cnf).toContain("template canary, role replica");
        expect(cnf).not.toMatch(/^server_id|^report_host/m); // per instance: on the command line
        expect(cnf).toMatch(/^super_read_only = ON$/m);
    });
});
