/**
 * ConfigMaps: the cluster's scripts (`<cluster>-scripts-<hash>`) and, per template and role, the shared
 * configuration (`<cluster>-<template>-<role>-<hash>`: the rendered my.cnf and the shared `MYRIAD_*` environment
 * file). Both are immutable and named by a hash of their content. Neither ever holds a secret: credentials live
 * in the Secret only.
 *
 * Why content-addressed and immutable: running pods see a mounted ConfigMap's updates within a minute, so an
 * in-place change would reach every instance at once (and any pod that restarts for another reason would pick it
 * up early). A new ConfigMap per content instead reaches each instance only when its StatefulSet is rolled, one
 * at a time in the rollout chain. Pulumi creates the new ConfigMap first and deletes the old one at the end of
 * the update, so instances not rolled yet keep theirs.
 *
 * Why per template and role rather than per instance: everything in my.cnf and in the environment is the same
 * for a template's instances of one role except `server_id`, `report_host` and the group address, which are
 * literals on each instance's command line (`instanceServerArgs`). One object per template and role keeps the
 * rendered size and the deployment cost close to one object per instance (docs/performance.md).
 */
import * as crypto from "crypto";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { templateConfigPrefix } from "../planner/naming";
import { clusterLabels, KEYS } from "./labels";

/** Key of the shared ConfigMap holding my.cnf. */
export const MY_CNF_KEY = "my.cnf";
/** Key of the shared ConfigMap holding the environment file. */
export const ENV_FILE_KEY = "myriad.env";

/** sha256 (hex) of a rendered text. */
export function configChecksum(text: string): string {
    return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

function contentHash(files: Record<string, string>): string {
    const canonical = JSON.stringify(
        Object.keys(files)
            .sort()
            .map((k) => [k, files[k]]),
    );
    return configChecksum(canonical).slice(0, 10);
}

/** Name of the scripts ConfigMap: `<cluster>-scripts-<content hash>`. */
export function scriptsConfigMapName(plan: ClusterPlan, scripts: Record<string, string>): string {
    return `${plan.objects.scriptsPrefix}-${contentHash(scripts)}`;
}

/**
 * The scripts ConfigMap. `scripts` is the rendered file set (`renderScripts(plan)`): file name -> content; `name`
 * is its `scriptsConfigMapName`, when the caller has it already (hashing the scripts again costs time).
 */
export function buildScriptsConfigMap(
    plan: ClusterPlan,
    scripts: Record<string, string>,
    name: string = scriptsConfigMapName(plan, scripts),
): k8s.types.input.core.v1.ConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace: plan.namespace, labels: clusterLabels(plan) },
        immutable: true,
        data: { ...scripts },
    };
}

/** The instances of one template and role: they share one configuration ConfigMap. */
export interface ConfigGroup {
    template: string;
    role: InstancePlan["role"];
    /** Instances in plan order (online and offline). */
    instances: InstancePlan[];
}

/** The configuration groups of a plan, in order of first appearance in `plan.instances`. */
export function configGroups(plan: ClusterPlan): ConfigGroup[] {
    const groups = new Map<string, ConfigGroup>();
    for (const inst of plan.instances) {
        const key = `${inst.template}\u0000${inst.role}`;
        let g = groups.get(key);
        if (!g) {
            g = { template: inst.template, role: inst.role, instances: [] };
            groups.set(key, g);
        }
        g.instances.push(inst);
    }
    return [...groups.values()];
}

/**
 * Name of a group's ConfigMap: `<cluster>-<template>-<role>-<content hash>`. `myCnf` is the text the hash is taken
 * of: in group mode, the rendering with a placeholder group name (the real name is generated once and never
 * changes, so the placeholder rendering changes exactly when the real one does).
 */
export function configMapName(plan: ClusterPlan, group: Pick<ConfigGroup, "template" | "role">, myCnf: string, envFile: string): string {
    return `${templateConfigPrefix(plan.name, group.template, group.role)}-${contentHash({ [MY_CNF_KEY]: myCnf, [ENV_FILE_KEY]: envFile })}`;
}

/** A group's ConfigMap; `myCnf` is the rendered my.cnf (an Output in group mode). */
export function buildConfigMap(
    plan: ClusterPlan,
    group: Pick<ConfigGroup, "template" | "role">,
    name: string,
    myCnf: pulumi.Input<string>,
    envFile: string,
): k8s.types.input.core.v1.ConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name,
            namespace: plan.namespace,
            labels: { ...clusterLabels(plan), [KEYS.template]: group.template, [KEYS.role]: group.role },
        },
        immutable: true,
        data: { [MY_CNF_KEY]: myCnf, [ENV_FILE_KEY]: envFile },
    };
}
