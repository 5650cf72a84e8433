/**
 * The component's outputs (endpoints, secret name, instance table, plan, group name) and group mode.
 */
import { heterogeneous, runClusters, single, valueOf, type ClusterRun } from "../helpers/clusters";
import { mockUuid } from "../../infra/mock-engine/runtime";
import { KEYS } from "../../components/resources/labels";

type Obj = Record<string, any>;

let run: ClusterRun;
beforeAll(async () => {
    run = await runClusters([
        heterogeneous(),
        single("grp", "mysql:8.0.36", 3, {
            mode: "group",
            namespace: "team",
            clusterDomain: "corp.internal",
            group: { consistency: "BEFORE" },
        }),
    ]);
});

test("endpoints are the write and read Services' DNS names with port 3306", async () => {
    const [orders, grp] = run.clusters;
    expect(await valueOf(orders.writeEndpoint)).toBe("orders-primary.databases.svc.cluster.local:3306");
    expect(await valueOf(orders.readEndpoint)).toBe("orders-replicas.databases.svc.cluster.local:3306");
    expect(await valueOf(grp.writeEndpoint)).toBe("grp-primary.team.svc.corp.internal:3306");
    expect(await valueOf(orders.secretName)).toBe("orders-credentials");
});

test("the instance table lists every instance with its identity, role, source, DNS name and state", async () => {
    const [orders] = run.clusters;
    const rows = await valueOf(orders.instances);
    expect(rows.map((r) => [r.name, r.ordinal, r.template, r.version, r.serverId, r.role, r.source, r.state])).toEqual([
        ["orders-0", 0, "main", "8.0.36", 100, "primary", null, "online"],
        ["orders-1", 1, "main", "8.0.36", 101, "replica", 0, "offline"],
        ["orders-2", 2, "main", "8.0.36", 102, "replica", 0, "online"],
        ["orders-3", 3, "main", "8.0.36", 103, "replica", 0, "online"],
        ["orders-10", 10, "canary", "8.4.3", 110, "replica", 0, "online"],
        ["orders-11", 11, "canary", "8.4.3", 111, "replica", 0, "online"],
    ]);
    expect(rows[4].host).toBe("orders-10-0.orders.databases.svc.cluster.local");
    expect(rows[4].image).toBe("mysql:8.4.3");
    expect(orders.plan.instances.map((i) => i.ordinal)).toEqual([0, 1, 2, 3, 10, 11]);
    expect(orders.plan.primary).toBe(0);
});

test("outputs are registered on the component (state), in one registerOutputs call", () => {
    const component = run.run.resources.find((r) => r.type === "myriad:mysql:MySqlCluster" && r.name === "orders")!;
    expect(Object.keys(component.outputs!).sort()).toEqual([
        "instances",
        "monitorPassword",
        "readEndpoint",
        "replicationPassword",
        "rootPassword",
        "secretName",
        "writeEndpoint",
    ]);
    expect(component.outputs!.writeEndpoint).toBe("orders-primary.databases.svc.cluster.local:3306");
    expect((component.outputs!.instances as unknown[]).length).toBe(6);
    const grp = run.run.resources.find((r) => r.type === "myriad:mysql:MySqlCluster" && r.name === "grp")!;
    expect(grp.outputs!.groupName).toBe(mockUuid("grp-group-name"));
});

test("group mode: one generated group name in every member's my.cnf (checksummed), group port on the headless Service and pods", async () => {
    const [orders, grp] = run.clusters;
    expect(await valueOf(orders.groupName)).toBeUndefined();
    const uuid = mockUuid("grp-group-name");
    expect(await valueOf(grp.groupName)).toBe(uuid);
    for (const o of [0, 1, 2]) {
        const cnf = (run.configOf(`grp-${o}`) as Obj).data["my.cnf"] as string;
        expect(cnf).toContain(uuid);
        expect(cnf).toContain("BEFORE");
        const sts = run.manifest("StatefulSet", `grp-${o}`) as Obj;
        expect(sts.spec.template.spec.containers[0].command).toContain(
            `--loose-group-replication-local-address=grp-${o}-0.grp.team.svc.corp.internal:33061`,
        );
        expect(sts.spec.template.spec.containers[0].ports).toEqual([
            { name: "mysql", containerPort: 3306, protocol: "TCP" },
            { name: "gr-xcom", containerPort: 33061, protocol: "TCP" },
        ]);
        expect(sts.metadata.annotations[KEYS.source]).toBeUndefined();
    }
    const headless = run.manifest("Service", "grp") as Obj;
    expect(headless.spec.ports.map((p: Obj) => [p.name, p.port])).toEqual([
        ["mysql", 3306],
        ["gr-xcom", 33061],
        ["metrics", 9104],
    ]);
    // The write Service still selects the planned primary (routing to an elected primary is a later step).
    expect((run.manifest("Service", "grp-primary") as Obj).spec.ports.map((p: Obj) => p.port)).toEqual([3306]);
});
