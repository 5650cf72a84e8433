/**
 * `MySqlCluster`: one replicated MySQL cluster on Kubernetes, from a `ClusterSpec`.
 *
 * The component only turns the plan into resources. Everything about the topology (ordinals, server ids, roles,
 * sources, names) is decided by the pure planner before the first resource exists, and every Kubernetes object
 * is built by the pure builders in `../resources/`; the runtime files (my.cnf, scripts, env, probes) come from
 * the renderers shared with the local runner.
 *
 * Resources (logical names are prefixed with the component's name; Kubernetes names with the cluster's):
 *   RandomPassword x3       `<name>-root-password`, `<name>-replication-password`, `<name>-monitor-password`
 *   RandomUuid (group mode) `<name>-group-name`
 *   Namespace (createNamespace) `<name>-namespace`     -> `<namespace>` (protected, retained on delete)
 *   Secret                  `<name>-credentials`        -> `<cluster>-credentials`
 *   ConfigMap (scripts)     `<name>-scripts`            -> `<cluster>-scripts-<hash>` (immutable)
 *   ConfigMap per template and role `<name>-<template>-<role>-config` -> `<cluster>-<template>-<role>-<hash>` (immutable:
 *                           my.cnf + shared environment file; server_id etc. are on each instance's command line)
 *   Service x3              `<name>-headless|primary|replicas` -> `<cluster>`, `<cluster>-primary`, `<cluster>-replicas`
 *   StatefulSet per instance `<name>-<ordinal>`         -> `<cluster>-<ordinal>`
 *   PodDisruptionBudget     `<name>-pdb`                -> `<cluster>`
 *   ServiceMonitor, PrometheusRule (`metrics.serviceMonitor` only) `<name>-service-monitor`, `<name>-alerts`
 *                           -> `<cluster>`, `<cluster>-alerts`
 * Logical names are part of each resource's identity in the Pulumi state: never change them (renaming the
 * component needs `aliases`).
 */
import { buildBackupCronJob } from "../resources/backup";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { checkComponentOptions } from "../planner/checks";
import { planOrThrow } from "../planner/plan";
import { rolloutOrder } from "../planner/rollout";
import type { ClusterPlan } from "../planner/types";
import { COMPONENT_DEFAULTS } from "../spec/defaults";
import { InvalidSpecError, type StructuralError } from "../spec/errors";
import type { ClusterSpec } from "../spec/types";
import { buildConfigMap, buildScriptsConfigMap, configGroups, configMapName, scriptsConfigMapName } from "../resources/configmaps";
import { buildDisruptionBudget } from "../resources/disruption-budget";
import { buildPrometheusRule, buildServiceMonitor } from "../resources/monitoring";
import { buildNamespace } from "../resources/namespace";
import { buildCredentialsSecret, PASSWORD_POLICY } from "../resources/secret";
import { buildHeadlessService, buildPrimaryService, buildReplicaService } from "../resources/services";
import { buildStatefulSet } from "../resources/statefulset";
import { PORTS } from "../resources/pod-layout";
import * as renderers from "./renderers";
import { instanceTable, type InstanceRow } from "../planner/instance-table";
import { timed } from "./phase-timers";

export { instanceTable, type InstanceRow };

/** Pulumi type token of the component. */
export const MYSQL_CLUSTER_TYPE = "myriad:mysql:MySqlCluster";

/** Placeholder group name for the trial render of group-mode configurations (never deployed). */
const TRIAL_GROUP_NAME = "00000000-0000-4000-8000-000000000000";

/**
 * Arguments of `MySqlCluster`: the cluster specification (the same contract as one entry of the stack
 * configuration `myriad:clusters`, see docs/configuration.md) plus component options. Values are plain data,
 * not Outputs: the plan must be known before any resource exists.
 */
export interface MySqlClusterArgs extends Omit<ClusterSpec, "name">, MySqlClusterOptions {
    /**
     * Cluster name: a DNS-1035 label of at most 40 characters, prefix of every Kubernetes object name.
     * Default: the component's resource name.
     */
    name?: string;
}

/** The component options of `MySqlClusterArgs` (everything that is not the cluster specification). */
export interface MySqlClusterOptions {
    /**
     * Protect the StatefulSets (which own the data volumes) and the generated passwords and group name with
     * Pulumi's `protect`: no update can silently replace or delete them; a change that would (for example a
     * storage size or StorageClass change in a template) fails instead. Set `false` for throw-away development
     * stacks. Default: `true`. See docs/components.md "Data safety" for deliberate replacement.
     */
    protect?: boolean;
    /**
     * Seconds Pulumi waits for each instance to become ready on create and update (annotation
     * `pulumi.com/timeoutSeconds` on the StatefulSets): long enough to seed a new replica from a peer or to run
     * crash recovery. Default: `3600`.
     */
    readyTimeoutSeconds?: number;
}

/**
 * The order in which instances are created and updated: the primary, then online replicas by ordinal, then
 * offline instances by ordinal (components/planner/rollout.ts). Each StatefulSet depends on the previous one
 * (see the constructor).
 */
export { rolloutOrder };

/** A cluster planned before the component is constructed: its specification (as saved in the state) and its plan. */
export interface PlannedCluster {
    /** The cluster specification the plan was made from (`name` set). */
    spec: ClusterSpec;
    /** Its plan (`planStack`, `planClusters` or `planOrThrow`). */
    plan: ClusterPlan;
}

/** What the constructor builds from: a planned cluster and the resolved component options. */
interface Prepared extends PlannedCluster {
    protect: boolean;
    readyTimeoutSeconds: number;
}

/** Where `MySqlCluster.fromPlan` hands its prepared cluster to the constructor (not part of the public args). */
const PREPARED = Symbol("myriad.preparedCluster");
type ArgsWithPrepared = MySqlClusterArgs & { [PREPARED]?: Prepared };

/** Checks the component options (every error at once) and applies their defaults. */
function resolveOptions(
    options: MySqlClusterOptions,
    root: string,
): { errors: StructuralError[]; protect: boolean; readyTimeoutSeconds: number } {
    return {
        errors: checkComponentOptions(options, root),
        protect: options.protect ?? COMPONENT_DEFAULTS.protect,
        readyTimeoutSeconds: options.readyTimeoutSeconds ?? COMPONENT_DEFAULTS.readyTimeoutSeconds,
    };
}

/** Splits the args into the cluster specification (name defaulted) and the component options, and plans it. */
function planArgs(name: string, args: MySqlClusterArgs): Prepared {
    const { protect, readyTimeoutSeconds, ...rest } = args ?? ({} as MySqlClusterArgs);
    const spec = { ...rest, name: rest.name ?? name };
    const options = resolveOptions({ protect, readyTimeoutSeconds }, "args");
    let plan: ClusterPlan;
    try {
        plan = planOrThrow(spec, "args");
    } catch (e) {
        if (e instanceof InvalidSpecError) throw new InvalidSpecError([...e.errors, ...options.errors]);
        throw e;
    }
    if (options.errors.length) throw new InvalidSpecError(options.errors);
    return { spec, plan, protect: options.protect, readyTimeoutSeconds: options.readyTimeoutSeconds };
}

/**
 * Every object of a cluster that needs no generated value, built from its plan by the pure renderers and builders
 * (the Secret, which holds the generated passwords, and in group mode the my.cnf text, which holds the generated
 * group name, are built once those exist).
 */
function buildObjects(plan: ClusterPlan, readyTimeoutSeconds: number) {
    const scripts = renderers.renderScripts(plan);
    const scriptsName = scriptsConfigMapName(plan, scripts);
    const scriptsMap = buildScriptsConfigMap(plan, scripts, scriptsName);
    // One configuration per template and role (my.cnf + shared environment file), rendered from its first
    // instance: every instance of the group renders the same text (tests/component/config-groups.test.ts).
    // Group mode needs the generated group name, known only after RandomUuid is created: render then. The
    // placeholder rendering surfaces any rendering error now, before registration, and names the ConfigMap.
    const groups = configGroups(plan).map((g) => {
        const first = g.instances[0];
        const trialCnf = renderers.renderMyCnf(plan, first, plan.mode === "group" ? { groupName: TRIAL_GROUP_NAME } : {});
        const envFile = renderers.renderEnvFile(renderers.sharedEnv(plan, first));
        return { group: g, first, envFile, trialCnf, name: configMapName(plan, g, trialCnf, envFile) };
    });
    const groupOf = new Map<number, (typeof groups)[number]>();
    for (const g of groups) for (const i of g.group.instances) groupOf.set(i.ordinal, g);
    const statefulSets = rolloutOrder(plan).map((inst) => ({
        inst,
        args: buildStatefulSet(plan, inst, {
            env: renderers.podEnv(plan, inst),
            probes: renderers.probeSpecs(plan, inst),
            lifecycle: renderers.lifecycleSpec(plan, inst),
            configMap: groupOf.get(inst.ordinal)!.name,
            readyTimeoutSeconds,
            scriptsConfigMap: scriptsName,
        }),
    }));
    return {
        scriptsName,
        scriptsMap,
        groups,
        groupOf,
        statefulSets,
        namespace: plan.createNamespace ? buildNamespace(plan) : undefined,
        services: { headless: buildHeadlessService(plan), primary: buildPrimaryService(plan), replicas: buildReplicaService(plan) },
        disruptionBudget: buildDisruptionBudget(plan),
        monitoring: plan.metrics.serviceMonitor
            ? { serviceMonitor: buildServiceMonitor(plan), prometheusRule: buildPrometheusRule(plan) }
            : undefined,
        backupCronJob: buildBackupCronJob(plan, scriptsName),
        instanceTable: instanceTable(plan),
    };
}

/** A replicated MySQL cluster: Secret, ConfigMaps, Services, one StatefulSet per instance and a PodDisruptionBudget. */
export class MySqlCluster extends pulumi.ComponentResource {
    /** The plan the resources were built from (plain data, known at construction). */
    public readonly plan: ClusterPlan;
    /** Write endpoint `<cluster>-primary.<namespace>.svc.<domain>:3306` (the primary only). */
    public readonly writeEndpoint: pulumi.Output<string>;
    /** Read endpoint `<cluster>-replicas.<namespace>.svc.<domain>:3306` (ready replicas only). */
    public readonly readEndpoint: pulumi.Output<string>;
    /** Name of the Secret holding the passwords and client option files (`<cluster>-credentials`). */
    public readonly secretName: pulumi.Output<string>;
    /** The instance table (name, ordinal, template, image, flavor, version, serverId, role, source, host, state). */
    public readonly instances: pulumi.Output<InstanceRow[]>;
    /** Password of `root` (secret). */
    public readonly rootPassword: pulumi.Output<string>;
    /** Password of the replication user `myriad_repl` (secret). */
    public readonly replicationPassword: pulumi.Output<string>;
    /** Password of the monitoring user `myriad_monitor` (secret). */
    public readonly monitorPassword: pulumi.Output<string>;
    /** Group Replication group name (a UUID generated once), group mode only; undefined otherwise. */
    public readonly groupName: pulumi.Output<string | undefined>;
    /** The StatefulSets, in rollout order (primary first). */
    public readonly statefulSets: k8s.apps.v1.StatefulSet[];
    /** The credentials Secret. */
    public readonly secret: k8s.core.v1.Secret;
    /** The Namespace, when the specification sets `createNamespace: true`. */
    public readonly namespace: k8s.core.v1.Namespace | undefined;
    /** The headless, write and read Services. */
    public readonly services: { headless: k8s.core.v1.Service; primary: k8s.core.v1.Service; replicas: k8s.core.v1.Service };

    /**
     * A cluster from a plan made beforehand, so that a program which plans its whole stack first (the Myriad
     * program: `planStack`) does not plan each cluster again. `planned.plan` must be the plan of
     * `planned.spec`; the resources are built from it as given. Same resources, names and outputs as
     * `new MySqlCluster(name, { ...planned.spec, ...options }, opts)`.
     * @throws InvalidSpecError when an option is invalid, before any resource is registered.
     */
    static fromPlan(
        name: string,
        planned: PlannedCluster,
        options: MySqlClusterOptions = {},
        opts?: pulumi.ComponentResourceOptions,
    ): MySqlCluster {
        const resolved = resolveOptions(options, "options");
        if (resolved.errors.length) throw new InvalidSpecError(resolved.errors);
        const prepared: Prepared = {
            spec: planned.spec,
            plan: planned.plan,
            protect: resolved.protect,
            readyTimeoutSeconds: resolved.readyTimeoutSeconds,
        };
        const args = { [PREPARED]: prepared } as ArgsWithPrepared;
        return new MySqlCluster(name, args, opts);
    }

    /**
     * @param name Resource name; also the cluster name unless `args.name` is given.
     * @param args The cluster specification and component options.
     * @param opts Component options. Pass a Kubernetes provider with `{ providers: [provider] }`.
     * @throws InvalidSpecError listing every structural error, before any resource is registered.
     */
    constructor(name: string, args: MySqlClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Plan FIRST (unless planned already): an invalid specification throws before the component or any child
        // is registered.
        const { spec, plan, protect, readyTimeoutSeconds } =
            (args as ArgsWithPrepared)?.[PREPARED] ?? timed("planning", () => planArgs(name, args));
        // Render and build everything that can fail before registering anything, for the same reason: every pure
        // builder runs here; only what needs a generated value (the Secret, group-mode my.cnf) is built later.
        const built = timed("rendering", () => buildObjects(plan, readyTimeoutSeconds));
        const { groups, groupOf } = built;

        // The component's inputs are saved in the state: the specification and options only, never a secret.
        super(MYSQL_CLUSTER_TYPE, name, { spec, protect, readyTimeoutSeconds }, opts);
        this.plan = plan;

        // The namespace first, when the component creates it: every namespaced object depends on it. Deleting a
        // namespace deletes every claim in it, so it is protected like the data and never deleted by Pulumi
        // (`retainOnDelete`): removing the cluster from the stack leaves the namespace and its retained claims.
        this.namespace = plan.createNamespace
            ? new k8s.core.v1.Namespace(`${name}-namespace`, built.namespace, { parent: this, protect, retainOnDelete: true })
            : undefined;
        const inNamespace = this.namespace ? [this.namespace] : [];
        const child: pulumi.CustomResourceOptions = { parent: this, dependsOn: inNamespace };
        const guarded: pulumi.CustomResourceOptions = { parent: this, protect };

        // Passwords: generated once, kept in the (encrypted) state. `additionalSecretOutputs` makes `result` secret.
        const rootPassword = new random.RandomPassword(`${name}-root-password`, { ...PASSWORD_POLICY }, guarded);
        const replicationPassword = new random.RandomPassword(`${name}-replication-password`, { ...PASSWORD_POLICY }, guarded);
        const monitorPassword = new random.RandomPassword(`${name}-monitor-password`, { ...PASSWORD_POLICY }, guarded);
        this.rootPassword = pulumi.secret(rootPassword.result);
        this.replicationPassword = pulumi.secret(replicationPassword.result);
        this.monitorPassword = pulumi.secret(monitorPassword.result);

        // Group Replication's group name: generated once; every member's my.cnf carries it.
        const groupUuid = plan.mode === "group" ? new random.RandomUuid(`${name}-group-name`, {}, guarded) : undefined;
        this.groupName = groupUuid ? groupUuid.result : pulumi.output<string | undefined>(undefined);

        this.secret = new k8s.core.v1.Secret(
            `${name}-credentials`,
            timed("rendering", () =>
                buildCredentialsSecret(plan, {
                    root: rootPassword.result,
                    replication: replicationPassword.result,
                    monitor: monitorPassword.result,
                }),
            ),
            child,
        );
        const scriptsMap = new k8s.core.v1.ConfigMap(`${name}-scripts`, built.scriptsMap, child);

        this.services = {
            headless: new k8s.core.v1.Service(`${name}-headless`, built.services.headless, child),
            primary: new k8s.core.v1.Service(`${name}-primary`, built.services.primary, child),
            replicas: new k8s.core.v1.Service(`${name}-replicas`, built.services.replicas, child),
        };

        const configMaps = new Map<string, k8s.core.v1.ConfigMap>();
        for (const g of groups) {
            const args = timed("rendering", () => {
                const text: pulumi.Input<string> =
                    plan.mode === "group"
                        ? groupUuid!.result.apply((groupName) => renderers.renderMyCnf(plan, g.first, { groupName }))
                        : g.trialCnf;
                return buildConfigMap(plan, g.group, g.name, text, g.envFile);
            });
            configMaps.set(g.name, new k8s.core.v1.ConfigMap(`${name}-${g.group.template}-${g.group.role}-config`, args, child));
        }

        // Rollout order. Each StatefulSet depends on the previous one, so Pulumi creates and updates one instance
        // at a time and, because the provider awaits StatefulSet readiness, waits for it to be ready before the
        // next. The primary comes first: its readiness (mysqld up and writable) depends on no other instance, so
        // the chain cannot deadlock; each replica's readiness needs only its source (the primary) and a seed
        // donor, both earlier in the chain and already ready. Offline instances (replicas 0) come last and are
        // ready at once. See docs/components.md "Update order".
        const statefulSets: k8s.apps.v1.StatefulSet[] = [];
        let previous: k8s.apps.v1.StatefulSet | undefined;
        for (const { inst, args } of built.statefulSets) {
            const configMap = groupOf.get(inst.ordinal)!.name;
            const deps: pulumi.Resource[] = [...inNamespace, this.secret, scriptsMap, configMaps.get(configMap)!, this.services.headless];
            if (previous) deps.push(previous);
            const sts = new k8s.apps.v1.StatefulSet(`${name}-${inst.ordinal}`, args, { ...guarded, dependsOn: deps });
            statefulSets.push(sts);
            previous = sts;
        }
        this.statefulSets = statefulSets;

        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, built.disruptionBudget, child);

        // Prometheus Operator objects (their CRDs must exist in the cluster): scraping and the alert rules.
        if (built.monitoring) {
            new k8s.apiextensions.CustomResource(`${name}-service-monitor`, built.monitoring.serviceMonitor, {
                ...child,
                dependsOn: [this.services.headless],
            });
            new k8s.apiextensions.CustomResource(`${name}-alerts`, built.monitoring.prometheusRule, child);
        }

        // Full backups (docs/backup.md): the job reaches the instances by their DNS names; it needs the scripts and the Secret.
        if (built.backupCronJob) {
            new k8s.batch.v1.CronJob(`${name}-backup`, built.backupCronJob, {
                ...child,
                dependsOn: [...inNamespace, scriptsMap, this.secret],
            });
        }

        const svcHost = (svc: k8s.core.v1.Service) =>
            pulumi.interpolate`${svc.metadata.name}.${plan.namespace}.svc.${plan.clusterDomain}:${PORTS.mysql}`;
        this.writeEndpoint = svcHost(this.services.primary);
        this.readEndpoint = svcHost(this.services.replicas);
        this.secretName = this.secret.metadata.name;
        this.instances = pulumi.output(built.instanceTable);

        this.registerOutputs({
            writeEndpoint: this.writeEndpoint,
            readEndpoint: this.readEndpoint,
            secretName: this.secretName,
            instances: this.instances,
            ...(groupUuid ? { groupName: this.groupName } : {}),
            rootPassword: this.rootPassword,
            replicationPassword: this.replicationPassword,
            monitorPassword: this.monitorPassword,
        });
    }
}
