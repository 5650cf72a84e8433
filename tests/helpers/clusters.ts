/**
 * Cluster specifications used by the component tests, and a helper that runs `MySqlCluster` under mocks.
 */
import type * as pulumi from "@pulumi/pulumi";
import { MySqlCluster, type MySqlClusterArgs } from "../../components/cluster/mysql-cluster";
import type { ClusterSpec } from "../../components/spec/types";
import { runUnderMocks, type MockRunResult, type RecordedResource } from "../../infra/mock-engine/runtime";
import { toManifests, type Manifest } from "../../infra/mock-engine/manifests";

/**
 * Two templates with version skew and an offline instance in the middle of a range: `main` (8.0.36) owns
 * 0..9 with three online instances and ordinal 1 offline (online: 0, 2, 3); `canary` (8.4.3) owns 10..19 with
 * two online instances (10, 11). Primary: 0.
 */
export function heterogeneous(extra: Partial<ClusterSpec> = {}): ClusterSpec {
    return {
        name: "orders",
        namespace: "databases",
        // Explicit: the tests state ids as 100 + ordinal (the default is derived from namespace and name).
        serverIdBase: 100,
        offlineInstances: [1],
        templates: [
            {
                name: "main",
                image: "mysql:8.0.36",
                replicas: 3,
                ordinals: { start: 0, end: 9 },
                resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
                storage: { size: "20Gi", storageClassName: "fast" },
                config: { innodb_buffer_pool_size: "512M" },
            },
            {
                name: "canary",
                image: "mysql:8.4.3",
                replicas: 2,
                ordinals: { start: 10, end: 19 },
                storage: { size: "30Gi" },
                scheduling: {
                    nodeSelector: { pool: "canary" },
                    tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" }],
                    priorityClassName: "database",
                    affinity: {
                        nodeAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: {
                                nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }],
                            },
                        },
                    },
                },
            },
        ],
        ...extra,
    };
}

/** A single-template cluster of one image. */
export function single(name: string, image: string, replicas = 2, extra: Partial<ClusterSpec> = {}): ClusterSpec {
    return { name, templates: [{ name: "main", image, replicas }], ...extra };
}

/** The result of running clusters under mocks, with helpers to find resources. */
export interface ClusterRun {
    run: MockRunResult<void>;
    clusters: MySqlCluster[];
    /** Kubernetes manifests, secrets redacted. */
    manifests: Manifest[];
    /** Recorded resources of a type token. */
    ofType(type: string): RecordedResource[];
    /** The manifest of a kind and Kubernetes name. */
    manifest(kind: string, name: string): Manifest;
    /** The configuration ConfigMap (my.cnf, myriad.env) the StatefulSet `statefulSet` mounts. */
    configOf(statefulSet: string): Manifest;
    /**
     * The `MYRIAD_*` environment the scripts of a StatefulSet's container see (default `mysqld`): the shared file's
     * variables, overridden by the container's own literal variables (lib.sh `myriad_load_env_file`).
     */
    scriptEnv(statefulSet: string, container?: string): Record<string, string>;
}

/** Parses an environment file as lib.sh does: `NAME=value` lines, value verbatim; comments and blank lines skipped. */
export function parseEnvFile(text: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const line of text.split("\n")) {
        if (line === "" || line.startsWith("#")) continue;
        const i = line.indexOf("=");
        out[line.slice(0, i)] = line.slice(i + 1);
    }
    return out;
}

/** Runs one `MySqlCluster` per spec (resource name = cluster name) under mocks. */
export async function runClusters(
    specs: (ClusterSpec | (MySqlClusterArgs & { name: string }))[],
    opts?: pulumi.ComponentResourceOptions,
): Promise<ClusterRun> {
    // The components are kept out of the stack outputs (the program returns nothing), as a real program would
    // export only selected outputs.
    let clusters: MySqlCluster[] = [];
    const run = await runUnderMocks(
        {},
        () => {
            clusters = specs.map((s) => new MySqlCluster(s.name, s, opts));
        },
        { stack: "test" },
    );
    const manifests = toManifests(run.resources).map((m) => m.manifest);
    const manifest = (kind: string, name: string): Manifest => {
        const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
        if (!m) throw new Error(`no ${kind} ${name} among ${manifests.map((x) => `${x.kind}/${x.metadata.name}`).join(", ")}`);
        return m;
    };
    const configOf = (statefulSet: string): Manifest => {
        const sts = manifest("StatefulSet", statefulSet) as any;

        const config = sts.spec.template.spec.volumes.find((v: any) => v.name === "config");
        return manifest("ConfigMap", config.projected.sources[0].configMap.name);
    };
    return {
        run,
        clusters,
        manifests,
        ofType: (type) => run.resources.filter((r) => r.type === type),
        manifest,
        configOf,
        scriptEnv: (statefulSet, container = "mysqld") => {
            const spec = (manifest("StatefulSet", statefulSet) as any).spec.template.spec;

            const c = [...spec.containers, ...spec.initContainers].find((x: any) => x.name === container);

            const own = Object.fromEntries(c.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

            return { ...parseEnvFile((configOf(statefulSet) as any).data["myriad.env"]), ...own };
        },
    };
}

/** Resolves an Output in a test (never in preview mode: unknowns would never resolve). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        o.apply((v) => {
            resolve(v);
            return v;
        }),
    );
}
