/**
 * One StatefulSet per instance (`<cluster>-<ordinal>`, one pod `<cluster>-<ordinal>-0`, one claim
 * `data-<pod>`): replicas 1 when the instance is online, 0 when it is offline (the claim stays).
 *
 * Fields the Kubernetes API (or the Pulumi provider) cannot change in place are FROZEN: a change would replace
 * the StatefulSet (name, namespace, selector, serviceName, volumeClaimTemplates, podManagementPolicy,
 * revisionHistoryLimit: the provider's replacement paths,
 * https://github.com/pulumi/pulumi-kubernetes/blob/master/provider/pkg/provider/diff.go). They are derived from the cluster name and the ordinal only, never
 * from the role, the template or labels that may evolve:
 * - `spec.selector` = `instanceSelector` (cluster + ordinal);
 * - `spec.serviceName` = the headless Service;
 * - `spec.volumeClaimTemplates[0]` = claim `data` labelled with `instanceSelector`, size and StorageClass from
 *   the template (changing them is a deliberate replacement, see docs/components.md);
 * - `podManagementPolicy` and `revisionHistoryLimit` are left to their defaults and never set.
 */
import * as path from "path";
import type * as k8s from "@pulumi/kubernetes";
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { DATA_VOLUME } from "../planner/naming";
import { dialectFor } from "../mysqld/dialect";
import { instanceServerArgs } from "../runtime/my-cnf";
import { clusterSelector, instanceAnnotations, instanceLabels, instanceSelector } from "./labels";
import {
    CONTAINER_NAMES,
    FILE_MODES,
    INIT_COMMAND,
    PATHS,
    SEED_COMMAND,
    PORT_NAMES,
    PORTS,
    SCRAPE_ANNOTATIONS,
    TERMINATION_GRACE_SECONDS,
    VOLUME_NAMES,
} from "./pod-layout";
import { ENV_FILE_KEY, MY_CNF_KEY } from "./configmaps";
import { METRICS_PATH, SECRET_KEYS } from "../runtime/contract";
import { exporterArgs } from "../runtime/exporter";
import { containerSecurityContext, podSecurityContext } from "./security";
import { podIpEnvVar } from "../runtime/env";
import { binlogPodParts } from "./backup";

type Probe = k8s.types.input.core.v1.Probe;
type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;

/** Annotation the Kubernetes provider reads for how long to await readiness on create and update. */
export const PULUMI_TIMEOUT_ANNOTATION = "pulumi.com/timeoutSeconds";

/** The three probes of the mysqld container (`probeSpecs(plan, inst)`). */
export interface InstanceProbes {
    startup: Probe;
    liveness: Probe;
    readiness: Probe;
}

/** Lifecycle hooks of the mysqld container (`lifecycleSpec(plan, inst)`: post-start.sh starts replication). */
export type InstanceLifecycle = k8s.types.input.core.v1.Lifecycle;

/** What the StatefulSet of one instance is built from besides the plan (rendered by the runtime functions). */
export interface InstanceWorkloadInputs {
    /** The pod's own `MYRIAD_*` variables (`podEnv(plan, inst)`); the shared ones are in the ConfigMap's file. Not secret. */
    env: Record<string, string>;
    /** Probes of the mysqld container (`probeSpecs(plan, inst)`). */
    probes: InstanceProbes;
    /** Lifecycle hooks of the mysqld container (`lifecycleSpec(plan, inst)`). */
    lifecycle: InstanceLifecycle;
    /** Name of the instance's configuration ConfigMap (`configMapName`: shared by its template and role, content-addressed, immutable). */
    configMap: string;
    /** Name of the scripts ConfigMap (`scriptsConfigMapName`: content-addressed, immutable). */
    scriptsConfigMap: string;
    /** Seconds the Pulumi provider waits for the instance to become ready (`MySqlClusterArgs.readyTimeoutSeconds`, resolved). */
    readyTimeoutSeconds: number;
}

/**
 * The server command: the image's own server binary for the instance's version (the dialect table:
 * `mariadbd` from MariaDB 10.5.2, `mysqld` otherwise) with the rendered my.cnf as its only option file, then the
 * instance's own settings (`instanceServerArgs`: `--server-id`, `--report-host`, group address) as literals.
 */
export function mysqldCommand(plan: ClusterPlan, inst: InstancePlan): string[] {
    return [dialectFor(inst.flavor, inst.version).server, `--defaults-file=${PATHS.myCnf}`, ...instanceServerArgs(plan, inst)];
}

/** Default scheduling: prefer spreading the cluster's pods across nodes (a given `affinity` replaces it). */
export function defaultAffinity(plan: ClusterPlan): k8s.types.input.core.v1.Affinity {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                {
                    weight: 100,
                    podAffinityTerm: { labelSelector: { matchLabels: clusterSelector(plan) }, topologyKey: "kubernetes.io/hostname" },
                },
            ],
        },
    };
}

function envList(env: Record<string, string>): k8s.types.input.core.v1.EnvVar[] {
    return Object.entries(env).map(([name, value]) => ({ name, value }));
}

function resourcesOf(inst: InstancePlan): k8s.types.input.core.v1.ResourceRequirements | undefined {
    const r: k8s.types.input.core.v1.ResourceRequirements = {};
    if (inst.resources.requests && Object.keys(inst.resources.requests).length) r.requests = { ...inst.resources.requests };
    if (inst.resources.limits && Object.keys(inst.resources.limits).length) r.limits = { ...inst.resources.limits };
    return r.requests || r.limits ? r : undefined;
}

/**
 * Where the Secret's files go inside the config volume: the secrets directory relative to the config
 * directory (`secrets`). The contract nests one in the other; a Secret volume cannot be mounted inside the
 * read-only ConfigMap mount (the runtime cannot create the mount point there), hence one projected volume.
 */
const SECRETS_SUBDIR = path.posix.relative(PATHS.configDir, PATHS.secretsDir);
if (!SECRETS_SUBDIR || SECRETS_SUBDIR.startsWith("..") || path.posix.isAbsolute(SECRETS_SUBDIR)) {
    throw new Error(`runtime contract: ${PATHS.secretsDir} must lie inside ${PATHS.configDir}`);
}

/** Volumes of the pod (the data volume comes from the claim template). */
export function podVolumes(plan: ClusterPlan, configMap: string, scriptsConfigMap: string): Volume[] {
    return [
        {
            name: VOLUME_NAMES.config,
            projected: {
                sources: [
                    {
                        configMap: {
                            name: configMap,
                            items: [
                                { key: MY_CNF_KEY, path: path.posix.basename(PATHS.myCnf), mode: FILE_MODES.config },
                                { key: ENV_FILE_KEY, path: path.posix.basename(PATHS.envFile), mode: FILE_MODES.config },
                            ],
                        },
                    },
                    {
                        secret: {
                            name: plan.objects.secret,
                            // Every key but the exporter's file, which only the exporter sidecar mounts.
                            items: Object.values(SECRET_KEYS)
                                .filter((key) => key !== SECRET_KEYS.exporterCnf)
                                .map((key) => ({
                                    key,
                                    path: `${SECRETS_SUBDIR}/${key}`,
                                    mode: FILE_MODES.secrets,
                                })),
                        },
                    },
                ],
            },
        },
        { name: VOLUME_NAMES.scripts, configMap: { name: scriptsConfigMap, defaultMode: FILE_MODES.scripts } },
        { name: VOLUME_NAMES.run, emptyDir: {} },
        { name: VOLUME_NAMES.tmp, emptyDir: {} },
        ...(plan.metrics.enabled
            ? [
                  {
                      name: VOLUME_NAMES.exporterSecrets,
                      secret: {
                          secretName: plan.objects.secret,
                          items: [{ key: SECRET_KEYS.exporterCnf, path: SECRET_KEYS.exporterCnf, mode: FILE_MODES.secrets }],
                      },
                  },
              ]
            : []),
    ];
}

function mounts(): k8s.types.input.core.v1.VolumeMount[] {
    return [
        { name: VOLUME_NAMES.config, mountPath: PATHS.configDir, readOnly: true },
        { name: VOLUME_NAMES.scripts, mountPath: PATHS.scriptsDir, readOnly: true },
        { name: DATA_VOLUME, mountPath: PATHS.dataDir },
        { name: VOLUME_NAMES.run, mountPath: PATHS.runDir },
        { name: VOLUME_NAMES.tmp, mountPath: PATHS.tmpDir },
    ];
}

function containerPorts(plan: ClusterPlan): k8s.types.input.core.v1.ContainerPort[] {
    const ports: k8s.types.input.core.v1.ContainerPort[] = [{ name: PORT_NAMES.mysql, containerPort: PORTS.mysql, protocol: "TCP" }];
    if (plan.mode === "group") ports.push({ name: PORT_NAMES.groupReplication, containerPort: PORTS.groupReplication, protocol: "TCP" });
    return ports;
}

/** The init container (same image): initialise or seed the data directory, ensure users and replication. */
export function initContainer(inst: InstancePlan, inputs: InstanceWorkloadInputs): Container {
    return {
        name: CONTAINER_NAMES.init,
        image: inst.image,
        command: [...INIT_COMMAND],
        env: [...envList(inputs.env), podIpEnvVar()],
        resources: resourcesOf(inst),
        securityContext: containerSecurityContext(),
        volumeMounts: mounts(),
    };
}

/** The mysqld container. */
export function mysqldContainer(plan: ClusterPlan, inst: InstancePlan, inputs: InstanceWorkloadInputs): Container {
    return {
        name: CONTAINER_NAMES.mysqld,
        image: inst.image,
        command: mysqldCommand(plan, inst),
        env: [...envList(inputs.env), podIpEnvVar()],
        ports: containerPorts(plan),
        resources: resourcesOf(inst),
        securityContext: containerSecurityContext(),
        volumeMounts: mounts(),
        lifecycle: inputs.lifecycle,
        startupProbe: inputs.probes.startup,
        livenessProbe: inputs.probes.liveness,
        readinessProbe: inputs.probes.readiness,
    };
}

/**
 * The metrics sidecar: `mysqld_exporter` with the monitoring account's option file (the only key of the Secret it
 * mounts), listening on the named port `metrics`. Its image is the exporter's, so it runs with the pod's user.
 */
export function exporterContainer(plan: ClusterPlan): Container {
    const m = plan.metrics;
    const resources: k8s.types.input.core.v1.ResourceRequirements = {};
    if (m.resources.requests && Object.keys(m.resources.requests).length) resources.requests = { ...m.resources.requests };
    if (m.resources.limits && Object.keys(m.resources.limits).length) resources.limits = { ...m.resources.limits };
    return {
        name: CONTAINER_NAMES.exporter,
        image: m.image,
        args: exporterArgs({ myCnf: PATHS.exporterCnf, listenAddress: `:${m.port}`, mode: plan.mode }),
        ports: [{ name: PORT_NAMES.metrics, containerPort: m.port, protocol: "TCP" }],
        resources: resources.requests || resources.limits ? resources : undefined,
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: VOLUME_NAMES.exporterSecrets, mountPath: PATHS.exporterSecretsDir, readOnly: true }],
        livenessProbe: { httpGet: { path: "/", port: PORT_NAMES.metrics }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 },
    };
}

/**
 * The seeding sidecar of an instance whose image carries a physical backup tool (docs/runtime.md#physical-seeding):
 * the mysqld image running `seed-donor.sh listen` on the named port `seed`. A physical backup reads the data
 * directory, so it can only be taken here; the data volume is mounted read-only. It authenticates every
 * request (a challenge answered with the replication password, which never crosses the network) and
 * connects to its own mysqld over the pod's loopback with the root option file of the Secret.
 */
export function seedContainer(inst: InstancePlan, inputs: InstanceWorkloadInputs): Container {
    return {
        name: CONTAINER_NAMES.seed,
        image: inst.image,
        command: [...SEED_COMMAND],
        env: [...envList(inputs.env), podIpEnvVar()],
        ports: [{ name: PORT_NAMES.seed, containerPort: PORTS.seed, protocol: "TCP" }],
        securityContext: containerSecurityContext(),
        volumeMounts: mounts().map((m) => (m.name === DATA_VOLUME ? { ...m, readOnly: true } : m)),
    };
}

/** The pod's scrape annotations (none without the exporter). */
export function scrapeAnnotations(plan: ClusterPlan): Record<string, string> {
    if (!plan.metrics.enabled) return {};
    return {
        [SCRAPE_ANNOTATIONS.scrape]: "true",
        [SCRAPE_ANNOTATIONS.port]: String(plan.metrics.port),
        [SCRAPE_ANNOTATIONS.path]: METRICS_PATH,
    };
}

/** The instance's StatefulSet. */
export function buildStatefulSet(
    plan: ClusterPlan,
    inst: InstancePlan,
    inputs: InstanceWorkloadInputs,
): k8s.types.input.apps.v1.StatefulSet {
    const labels = instanceLabels(plan, inst);
    const annotations = instanceAnnotations(plan, inst);
    const selector = instanceSelector(plan, inst);
    const scheduling = inst.scheduling;
    const claimSpec: k8s.types.input.core.v1.PersistentVolumeClaimSpec = {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: inst.storage.size } },
    };
    if (inst.storage.storageClassName !== undefined) claimSpec.storageClassName = inst.storage.storageClassName;
    const binlog = binlogPodParts(plan, inst, inputs.env, mounts());
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: {
            name: inst.name,
            namespace: plan.namespace,
            labels: { ...labels },
            annotations: { ...annotations, [PULUMI_TIMEOUT_ANNOTATION]: String(inputs.readyTimeoutSeconds) },
        },
        spec: {
            replicas: inst.state === "online" ? 1 : 0,
            serviceName: plan.objects.headlessService,
            selector: { matchLabels: { ...selector } },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            updateStrategy: { type: "RollingUpdate" },
            template: {
                metadata: {
                    labels: { ...labels },
                    annotations: { ...annotations, ...scrapeAnnotations(plan) },
                },
                spec: {
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
                    securityContext: podSecurityContext(inst.image, inst.flavor),
                    initContainers: [initContainer(inst, inputs), ...binlog.initContainers],
                    containers: [
                        mysqldContainer(plan, inst, inputs),
                        ...(plan.metrics.enabled ? [exporterContainer(plan)] : []),
                        ...(inst.backupTool !== "none" ? [seedContainer(inst, inputs)] : []),
                        ...binlog.containers,
                    ],
                    volumes: [...podVolumes(plan, inputs.configMap, inputs.scriptsConfigMap), ...binlog.volumes],
                    affinity: scheduling.affinity ?? defaultAffinity(plan),
                    nodeSelector: scheduling.nodeSelector,
                    tolerations: scheduling.tolerations as k8s.types.input.core.v1.Toleration[] | undefined,
                    priorityClassName: scheduling.priorityClassName,
                },
            },
            volumeClaimTemplates: [
                {
                    metadata: { name: DATA_VOLUME, labels: { ...selector } },
                    spec: claimSpec,
                },
            ],
        },
    };
}
