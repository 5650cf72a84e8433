/**
 * ConfigMaps: the cluster's scripts (`<cluster>-scripts-<hash>`, immutable) and each instance's rendered my.cnf
 * (`<cluster>-<ordinal>-config`). Neither ever holds a secret: credentials live in the Secret only.
 */
import * as crypto from "crypto";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { instanceConfigName } from "../planner/naming";
import { clusterLabels, instanceLabels } from "./labels";

/** Key of the instance ConfigMap holding my.cnf. */
export const MY_CNF_KEY = "my.cnf";

/**
 * Name of the scripts ConfigMap: `<cluster>-scripts-<content hash>`. Running pods see a mounted ConfigMap's
 * updates within a minute, so an in-place change would reach every instance at once; a new, immutable
 * ConfigMap per script version instead reaches each instance only when its StatefulSet is rolled, one at a
 * time in the rollout chain. Pulumi creates the new ConfigMap first and deletes the old one at the end.
 */
export function scriptsConfigMapName(plan: ClusterPlan, scripts: Record<string, string>): string {
    const canonical = JSON.stringify(Object.keys(scripts).sort().map((k) => [k, scripts[k]]));
    return `${plan.objects.scripts}-${configChecksum(canonical).slice(0, 10)}`;
}

/** The scripts ConfigMap. `scripts` is the rendered file set (`renderScripts(plan)`): file name -> content. */
export function buildScriptsConfigMap(plan: ClusterPlan, scripts: Record<string, string>): k8s.types.input.core.v1.ConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: scriptsConfigMapName(plan, scripts), namespace: plan.namespace, labels: clusterLabels(plan) },
        immutable: true,
        data: { ...scripts },
    };
}

/** One instance's configuration ConfigMap; `myCnf` is its rendered my.cnf (an Output in group mode). */
export function buildInstanceConfigMap(plan: ClusterPlan, inst: InstancePlan, myCnf: pulumi.Input<string>): k8s.types.input.core.v1.ConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: instanceConfigName(plan.name, inst.ordinal), namespace: plan.namespace, labels: instanceLabels(plan, inst) },
        data: { [MY_CNF_KEY]: myCnf },
    };
}

/** sha256 (hex) of a rendered configuration: the pod template annotation that rolls the pod when it changes. */
export function configChecksum(text: string): string {
    return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}
