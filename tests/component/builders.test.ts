/**
 * The pure builders on their own (no Pulumi runtime): plan in, Kubernetes object out.
 */
import { planOrThrow } from "../../components/planner/plan";
import { COMPONENT_DEFAULTS } from "../../components/spec/defaults";
import { buildHeadlessService, buildPrimaryService, serviceEndpoint } from "../../components/resources/services";
import { buildDisruptionBudget } from "../../components/resources/disruption-budget";
import { buildConfigMap, buildScriptsConfigMap, configMapName } from "../../components/resources/configmaps";
import { buildStatefulSet, defaultAffinity, mysqldCommand } from "../../components/resources/statefulset";
import { clientOptionFile } from "../../components/resources/secret";
import { containerSecurityContext, podSecurityContext } from "../../components/resources/security";
import { validateManifests } from "../helpers/k8s-schema";
import { heterogeneous } from "../helpers/clusters";

type Obj = Record<string, any>;

const plan = planOrThrow(heterogeneous());
const inst = (o: number) => plan.instances.find((i) => i.ordinal === o)!;
const probe = (kind: string) => ({ exec: { command: ["bash", "/opt/myriad/bin/probe.sh", kind] }, periodSeconds: 10, failureThreshold: 3 });
const inputs = {
    env: { MYRIAD_CLUSTER: "orders", MYRIAD_ORDINAL: "2" },
    probes: { startup: probe("startup"), liveness: probe("liveness"), readiness: probe("readiness") },
    lifecycle: { postStart: { exec: { command: ["bash", "/opt/myriad/bin/post-start.sh"] } } },
    configMap: "orders-stable-replica-0123456789",
    scriptsConfigMap: "orders-scripts-0123456789",
    readyTimeoutSeconds: COMPONENT_DEFAULTS.readyTimeoutSeconds,
};

test("the builders produce plain, schema-valid objects from a plan and rendered inputs", () => {
    const objects = [
        buildStatefulSet(plan, inst(2), inputs),
        buildStatefulSet(plan, inst(1), inputs),
        buildHeadlessService(plan),
        buildPrimaryService(plan),
        buildDisruptionBudget(plan),
        buildScriptsConfigMap(plan, { "init.sh": "#!/usr/bin/env bash\n" }),
        buildConfigMap(
            plan,
            { template: inst(2).template, role: "replica" },
            configMapName(plan, { template: inst(2).template, role: "replica" }, "[mysqld]\n", "MYRIAD_MODE=async\n"),
            "[mysqld]\n",
            "MYRIAD_MODE=async\n",
        ),
    ];
    expect(JSON.parse(JSON.stringify(objects))).toEqual(objects); // no Outputs, functions or cycles
    expect(validateManifests(objects as object[]).flatMap((r) => r.errors)).toEqual([]);
    const sts = objects[0] as Obj;
    const projected = sts.spec.template.spec.volumes.find((v: Obj) => v.name === "config").projected.sources[0].configMap;
    expect(projected.name).toBe(inputs.configMap);
    expect(projected.items.map((i: Obj) => i.path)).toEqual(["my.cnf", "myriad.env"]);
    const cm = objects[6] as Obj;
    expect(cm.immutable).toBe(true);
    expect(cm.metadata.name).toMatch(/^orders-[a-z0-9-]+-replica-[0-9a-f]{10}$/);
    expect(Object.keys(cm.data)).toEqual(["my.cnf", "myriad.env"]);
    expect(sts.spec.template.spec.containers[0].env).toEqual([
        { name: "MYRIAD_CLUSTER", value: "orders" },
        { name: "MYRIAD_ORDINAL", value: "2" },
        { name: "MYRIAD_POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    ]);
    expect((objects[1] as Obj).spec.replicas).toBe(0);
    expect(sts.metadata.annotations["pulumi.com/timeoutSeconds"]).toBe("3600");
    expect(
        (buildStatefulSet(plan, inst(2), { ...inputs, readyTimeoutSeconds: 60 }) as Obj).metadata.annotations["pulumi.com/timeoutSeconds"],
    ).toBe("60");
});

test("builders do not share mutable objects between resources", () => {
    const a = buildStatefulSet(plan, inst(2), inputs) as Obj;
    a.spec.template.metadata.labels.extra = "x";
    a.spec.selector.matchLabels.extra = "x";
    expect(a.metadata.labels.extra).toBeUndefined();
    expect(a.spec.volumeClaimTemplates[0].metadata.labels.extra).toBeUndefined();
    expect((buildStatefulSet(plan, inst(2), inputs) as Obj).spec.template.metadata.labels.extra).toBeUndefined();
    expect((defaultAffinity(plan) as Obj).podAntiAffinity).toBeDefined();
});

test("server command per flavour and version", () => {
    const maria = planOrThrow({ name: "m", serverIdBase: 100, templates: [{ name: "a", image: "mariadb:11.4.2", replicas: 1 }] });
    expect(mysqldCommand(maria, maria.instances[0])).toEqual([
        "mariadbd",
        "--defaults-file=/etc/myriad/my.cnf",
        "--server-id=100",
        `--report-host=${maria.instances[0].host}`,
    ]);
    expect(mysqldCommand(plan, inst(0))).toEqual([
        "mysqld",
        "--defaults-file=/etc/myriad/my.cnf",
        `--server-id=${inst(0).serverId}`,
        `--report-host=${inst(0).host}`,
    ]);
});

test("security contexts", () => {
    expect(podSecurityContext("mariadb:11.4.2", "mariadb")).toMatchObject({ runAsUser: 999, runAsNonRoot: true });
    expect(podSecurityContext("percona:8.0.36", "percona")).toMatchObject({ runAsUser: 1001, fsGroup: 1001 });
    expect(containerSecurityContext()).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
});

test("endpoints and client option files", () => {
    expect(serviceEndpoint(plan, "orders-primary")).toBe("orders-primary.databases.svc.cluster.local:3306");
    expect(clientOptionFile("myriad_monitor", "Ab3-_.x")).toBe('[client]\nuser=myriad_monitor\npassword="Ab3-_.x"\n');
    expect(clientOptionFile("root", "a#b")).toContain('password="a#b"');
    expect(() => clientOptionFile("root", 'a"b')).toThrow(/double quote/);
    expect(() => clientOptionFile("root", "a\\b")).toThrow(/backslash/);
    expect(() => clientOptionFile("root", "a\nb")).toThrow(/line break/);
});
