/**
 * Building the plan of a checked, allocated cluster: every optional field resolved from `DEFAULTS` here, once,
 * so that nothing downstream defaults a value again. Pure.
 */
import type { ClusterSpec, MysqldOptionValue } from "../spec/types";
import { DEFAULTS } from "../spec/defaults";
import { optionIdentity, optionKey } from "../mysqld/option-file";
import { defaultBackupTool } from "../compat/seeding";
import { defaultExporterImage } from "../runtime/exporter";
import { serverIdOf, type Allocation } from "./allocate";
import { claimName, clusterObjectNames, instanceHost, instanceName, podName } from "./naming";
import { resolveTemplate } from "./template-version";
import { buildBackupPlan, buildRestorePlan } from "./backup-plan";
import type { ClusterPlan, ClusterPlanBase, InstancePlan, InstanceState } from "./types";

/** The instances of an allocated cluster, sorted by ordinal. */
function buildInstances(spec: ClusterSpec, allocation: Allocation, namespace: string, clusterDomain: string): InstancePlan[] {
    const mode = spec.mode ?? DEFAULTS.mode;
    const { primary, serverIdBase } = allocation;
    const instances: InstancePlan[] = [];
    spec.templates.forEach((tpl, t) => {
        const tp = allocation.templates.find((x) => x.name === tpl.name)!;
        const resolved = resolveTemplate(spec, t);
        const config: Record<string, MysqldOptionValue> = {};
        // Two spellings of one option (`max-connections`, `max_connections`): the later one wins, as in the server.
        const spelled = new Map<string, string>();
        for (const [k, v] of Object.entries(tpl.config ?? {})) {
            const key = optionKey(k);
            const before = spelled.get(optionIdentity(key));
            if (before !== undefined) delete config[before];
            spelled.set(optionIdentity(key), key);
            config[key] = v;
        }
        const states: [number, InstanceState][] = [
            ...tp.online.map((o): [number, InstanceState] => [o, "online"]),
            ...tp.offline.map((o): [number, InstanceState] => [o, "offline"]),
        ];
        for (const [o, state] of states) {
            const isPrimary = o === primary;
            instances.push({
                name: instanceName(spec.name, o),
                ordinal: o,
                template: tpl.name,
                image: tpl.image,
                flavor: resolved.flavor,
                version: resolved.version!,
                backupTool: tpl.backupTool ?? defaultBackupTool(resolved.flavor),
                serverId: serverIdOf(serverIdBase, o),
                role: isPrimary ? "primary" : "replica",
                source: isPrimary || mode === "group" ? null : primary,
                host: instanceHost(spec.name, o, namespace, clusterDomain),
                state,
                podName: podName(spec.name, o),
                claimName: claimName(spec.name, o),
                weight: tpl.weight ?? DEFAULTS.weight,
                config,
                resources: tpl.resources ?? {},
                storage: { size: tpl.storage?.size ?? DEFAULTS.storageSize, storageClassName: tpl.storage?.storageClassName },
                scheduling: tpl.scheduling ?? {},
            });
        }
    });
    return instances.sort((a, b) => a.ordinal - b.ordinal);
}

/** The plan of a specification the checks accepted, from its allocation. */
export function buildClusterPlan(spec: ClusterSpec, allocation: Allocation): ClusterPlan {
    const namespace = spec.namespace ?? DEFAULTS.namespace;
    const clusterDomain = spec.clusterDomain ?? DEFAULTS.clusterDomain;
    const instances = buildInstances(spec, allocation, namespace, clusterDomain);
    const primaryInstance = instances.find((i) => i.ordinal === allocation.primary)!;
    const base: Omit<ClusterPlanBase, "mode"> = {
        name: spec.name,
        namespace,
        createNamespace: spec.createNamespace ?? DEFAULTS.createNamespace,
        flavor: spec.flavor ?? primaryInstance.flavor,
        primary: allocation.primary,
        serverIdBase: allocation.serverIdBase,
        maxReplicaLagSeconds: spec.maxReplicaLagSeconds ?? DEFAULTS.maxReplicaLagSeconds,
        clusterDomain,
        metrics: {
            enabled: spec.metrics?.enabled ?? DEFAULTS.metricsEnabled,
            image: spec.metrics?.image ?? defaultExporterImage(instances),
            port: spec.metrics?.port ?? DEFAULTS.metricsPort,
            resources: spec.metrics?.resources ?? DEFAULTS.metricsResources,
            serviceMonitor: spec.metrics?.serviceMonitor ?? DEFAULTS.serviceMonitor,
        },
        backup: buildBackupPlan(spec, namespace, primaryInstance),
        restore: buildRestorePlan(spec, namespace, primaryInstance),
        objects: clusterObjectNames(spec.name),
        templates: allocation.templates,
        instances,
    };
    switch (spec.mode ?? DEFAULTS.mode) {
        case "async":
            return { ...base, mode: "async" };
        case "semisync":
            return {
                ...base,
                mode: "semisync",
                semisync: {
                    waitForReplicaCount: spec.semisync?.waitForReplicaCount ?? DEFAULTS.semisyncWaitForReplicaCount,
                    timeoutMs: spec.semisync?.timeoutMs ?? DEFAULTS.semisyncTimeoutMs,
                },
            };
        case "group":
            return { ...base, mode: "group", group: { consistency: spec.group?.consistency ?? DEFAULTS.groupConsistency } };
    }
}
