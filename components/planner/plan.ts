/**
 * The planner: validated specification -> deterministic plan. Pure: same input, same plan; no resources.
 *
 * Ordinal semantics (KubeBlocks-compatible, ../shared/research/kubeblocks.md §2.4–§2.5): a template's online
 * instances are the first `replicas` ordinals of its range that are not offline; an offline ordinal keeps its
 * claim, its name and its server_id; ranges never overlap, so identity is a function of the ordinal alone.
 */
import type { ClusterSpec } from "../spec/types";
import type { StructuralError } from "../spec/errors";
import { InvalidSpecError } from "../spec/errors";
import { canonicalOption } from "../mysqld/managed-options";
import type { ClusterPlan, InstancePlan, TemplatePlan } from "./types";
import { checkNames, checkShape, DEFAULTS, MAX_SERVER_ID, resolveTemplate, type ResolvedTemplate } from "./validate";
import { claimName, clusterObjectNames, instanceHost, instanceName, podName } from "./naming";

/** The outcome of planning: plans when there are no errors, otherwise every error found. */
export interface PlanResult {
    plans: ClusterPlan[];
    errors: StructuralError[];
}

interface Range { start: number; end: number | null }

function contains(r: Range, ordinal: number): boolean {
    return ordinal >= r.start && (r.end === null || ordinal <= r.end);
}

function fmtRange(r: Range): string {
    return r.end === null ? `${r.start}..` : `${r.start}..${r.end}`;
}

/** Plans one shape-valid cluster. Appends errors; returns a plan only if this cluster had none. */
export function planCluster(spec: ClusterSpec, path: string, errors: StructuralError[]): ClusterPlan | undefined {
    const before = errors.length;
    checkNames(spec, path, errors);

    // Ranges: explicit, or the single template owns every ordinal from 0 up.
    const ranges: (Range | undefined)[] = spec.templates.map((tpl, t) => {
        const tp = `${path}.templates[${t}]`;
        if (!tpl.ordinals) {
            if (spec.templates.length > 1) {
                errors.push({
                    path: `${tp}.ordinals`, value: undefined,
                    message: `the cluster has ${spec.templates.length} templates, so template '${tpl.name}' must declare the ordinal range it owns`,
                    fix: "give every template 'ordinals: { start, end }' with ranges that do not overlap",
                });
                return undefined;
            }
            return { start: 0, end: null };
        }
        if (tpl.ordinals.start > tpl.ordinals.end) {
            errors.push({ path: `${tp}.ordinals`, value: tpl.ordinals, message: "start is greater than end", fix: "make start <= end (the range is inclusive)" });
            return undefined;
        }
        return { start: tpl.ordinals.start, end: tpl.ordinals.end };
    });
    for (let a = 0; a < ranges.length; a++) {
        for (let b = a + 1; b < ranges.length; b++) {
            const ra = ranges[a], rb = ranges[b];
            if (!ra || !rb) continue;
            const overlap = ra.start <= (rb.end ?? Infinity) && rb.start <= (ra.end ?? Infinity);
            if (overlap) {
                errors.push({
                    path: `${path}.templates[${b}].ordinals`, value: spec.templates[b].ordinals,
                    message: `range ${fmtRange(rb)} of template '${spec.templates[b].name}' overlaps range ${fmtRange(ra)} of template '${spec.templates[a].name}'`,
                    fix: "give each template a range of its own; ordinals are cluster-unique",
                });
            }
        }
    }

    // Offline ordinals must belong to a template.
    const offline = new Set<number>();
    (spec.offlineInstances ?? []).forEach((o, i) => {
        if (offline.has(o)) {
            errors.push({ path: `${path}.offlineInstances[${i}]`, value: o, message: "listed twice", fix: "list each offline ordinal once" });
            return;
        }
        offline.add(o);
        if (ranges.every((r) => r !== undefined) && !ranges.some((r) => r && contains(r, o))) {
            errors.push({
                path: `${path}.offlineInstances[${i}]`, value: o,
                message: `ordinal ${o} is outside every template's range (${ranges.map((r) => fmtRange(r!)).join(", ")})`,
                fix: "offline an ordinal that a template owns, or widen that template's range",
            });
        }
    });

    // Allocate online ordinals per template.
    const templates: TemplatePlan[] = [];
    spec.templates.forEach((tpl, t) => {
        const r = ranges[t];
        if (!r) return;
        const online: number[] = [];
        const end = r.end ?? Number.MAX_SAFE_INTEGER;
        for (let o = r.start; o <= end && online.length < tpl.replicas; o++) if (!offline.has(o)) online.push(o);
        if (online.length < tpl.replicas) {
            const offlineHere = [...offline].filter((o) => contains(r, o)).length;
            errors.push({
                path: `${path}.templates[${t}].replicas`, value: tpl.replicas,
                message: `template '${tpl.name}' owns ordinals ${fmtRange(r)} (${end - r.start + 1} ordinals, ${offlineHere} offline), which leaves room for only ${online.length} online instances`,
                fix: `widen 'ordinals' to at least ${tpl.replicas + offlineHere} ordinals, or lower 'replicas' to ${online.length}`,
            });
            return;
        }
        const offlineHere = [...offline].filter((o) => contains(r, o)).sort((a, b) => a - b);
        templates.push({ name: tpl.name, range: r, replicas: tpl.replicas, online, offline: offlineHere });
    });

    const resolved: ResolvedTemplate[] = spec.templates.map((_, t) => resolveTemplate(spec, t, `${path}.templates[${t}]`, errors));

    // Primary.
    const onlineAll = templates.flatMap((tp) => tp.online);
    let primary = spec.primary;
    if (primary === undefined) {
        const first = templates.find((tp) => tp.name === spec.templates[0].name);
        if (first && first.online.length === 0) {
            errors.push({
                path: `${path}.primary`, value: undefined,
                message: `the primary defaults to the lowest online ordinal of the first template, but template '${spec.templates[0].name}' has no online instance`,
                fix: "set 'primary' to an online ordinal, or give the first template replicas",
            });
        }
        primary = first?.online[0];
    } else if (!onlineAll.includes(primary)) {
        const owner = templates.find((tp) => contains(tp.range, primary!));
        const inSomeRange = ranges.some((r) => r && contains(r, primary!));
        const why = offline.has(primary) ? `ordinal ${primary} is offline`
            : owner ? `ordinal ${primary} of template '${owner.name}' is not online (its online ordinals are ${owner.online.join(", ") || "none"})`
                : !inSomeRange && ranges.every((r) => r) ? `ordinal ${primary} is outside every template's range` : undefined;
        if (why) {
            errors.push({ path: `${path}.primary`, value: primary, message: `the primary must be an online instance, but ${why}`, fix: `choose one of the online ordinals: ${onlineAll.join(", ") || "none (add replicas)"}` });
        }
    }

    // server_id bounds: one error, naming the largest ordinal that does not fit.
    const base = spec.serverIdBase ?? DEFAULTS.serverIdBase;
    const allocated = templates.flatMap((tp) => [...tp.online, ...tp.offline]);
    const highest = allocated.length ? Math.max(...allocated) : 0;
    if (base >= 1 && base + highest > MAX_SERVER_ID) {
        errors.push({
            path: `${path}.serverIdBase`, value: base,
            message: `server_id of ordinal ${highest} would be ${base + highest}, above the maximum ${MAX_SERVER_ID}`,
            fix: `lower serverIdBase to at most ${MAX_SERVER_ID - highest}`,
        });
    }

    const mode = spec.mode ?? DEFAULTS.mode;
    const replicaCount = onlineAll.length - 1;
    if (mode === "semisync") {
        const wait = spec.semisync?.waitForReplicaCount ?? DEFAULTS.semisyncWaitForReplicaCount;
        if (wait > replicaCount) {
            errors.push({
                path: `${path}.semisync.waitForReplicaCount`, value: wait,
                message: `commits would wait for ${wait} replica acknowledgements but the cluster has ${Math.max(replicaCount, 0)} online replicas, so every write would block`,
                fix: `lower waitForReplicaCount to at most ${Math.max(replicaCount, 1)} or add replicas`,
            });
        }
    }

    if (errors.length > before || primary === undefined) return undefined;

    const namespace = spec.namespace ?? DEFAULTS.namespace;
    const clusterDomain = spec.clusterDomain ?? DEFAULTS.clusterDomain;
    const instances: InstancePlan[] = [];
    spec.templates.forEach((tpl, t) => {
        const tp = templates.find((x) => x.name === tpl.name)!;
        const res = resolved[t];
        const config: Record<string, string | number | boolean> = {};
        for (const [k, v] of Object.entries(tpl.config ?? {})) config[canonicalOption(k)] = v;
        const states: [number, "online" | "offline"][] = [
            ...tp.online.map((o) => [o, "online"] as [number, "online"]),
            ...tp.offline.map((o) => [o, "offline"] as [number, "offline"]),
        ];
        for (const [o, state] of states) {
            const isPrimary = o === primary;
            instances.push({
                name: instanceName(spec.name, o),
                ordinal: o,
                template: tpl.name,
                image: tpl.image,
                flavor: res.flavor,
                version: res.version!,
                serverId: base + o,
                role: isPrimary ? "primary" : "replica",
                source: isPrimary || mode === "group" ? null : primary!,
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
    instances.sort((a, b) => a.ordinal - b.ordinal);
    const primaryInstance = instances.find((i) => i.ordinal === primary)!;

    return {
        name: spec.name,
        namespace,
        mode,
        flavor: spec.flavor ?? primaryInstance.flavor,
        primary,
        serverIdBase: base,
        maxReplicaLagSeconds: spec.maxReplicaLagSeconds ?? DEFAULTS.maxReplicaLagSeconds,
        clusterDomain,
        semisync: mode === "semisync" ? {
            waitForReplicaCount: spec.semisync?.waitForReplicaCount ?? DEFAULTS.semisyncWaitForReplicaCount,
            timeoutMs: spec.semisync?.timeoutMs ?? DEFAULTS.semisyncTimeoutMs,
        } : undefined,
        group: mode === "group" ? { consistency: spec.group?.consistency ?? DEFAULTS.groupConsistency } : undefined,
        objects: clusterObjectNames(spec.name),
        templates,
        instances,
    };
}

/**
 * Every Kubernetes object a cluster plan names, as `Kind/name`, for collision checks between clusters (names are
 * unique per kind and namespace). The ConfigMaps are left out: their names end in a hash of a content that
 * names the cluster (`<cluster>-scripts-<hash>`, `<cluster>-<template>-<role>-<hash>`), so no two clusters share one.
 */
export function objectNamesOf(plan: ClusterPlan): string[] {
    const o = plan.objects;
    return [
        ...[o.headlessService, o.primaryService, o.replicaService].map((n) => `Service/${n}`),
        `Secret/${o.secret}`,
        `PodDisruptionBudget/${o.disruptionBudget}`,
        ...plan.instances.map((i) => `StatefulSet/${i.name}`),
        ...plan.instances.map((i) => `PersistentVolumeClaim/${claimName(plan.name, i.ordinal)}`),
    ];
}

/**
 * Plans every cluster of a configuration (`raw` is the value of `myriad:clusters`). Errors from all clusters
 * are returned together; plans are returned only when there are no errors at all.
 */
export function planClusters(raw: unknown, root = "clusters"): PlanResult {
    if (!Array.isArray(raw) || raw.length === 0) {
        return { plans: [], errors: [{ path: root, value: raw, message: "expected a non-empty list of clusters", fix: "give 'myriad:clusters' a YAML list with at least one cluster (see docs/configuration.md)" }] };
    }
    const errors: StructuralError[] = [];
    const plans: { plan: ClusterPlan; index: number }[] = [];
    raw.forEach((item, c) => {
        const shape = checkShape(item, `${root}[${c}]`);
        errors.push(...shape.errors);
        if (!shape.spec) return;
        const plan = planCluster(shape.spec, `${root}[${c}]`, errors);
        if (plan) plans.push({ plan, index: c });
    });
    // Object names must not collide between clusters sharing a namespace.
    const owners = new Map<string, number>();
    for (const { plan, index } of plans) {
        for (const n of new Set(objectNamesOf(plan))) {
            const key = `${plan.namespace}/${n}`;
            const owner = owners.get(key);
            if (owner !== undefined) {
                errors.push({
                    path: `${root}[${index}].name`, value: plan.name,
                    message: `${n.slice(0, n.indexOf("/"))} '${n.slice(n.indexOf("/") + 1)}' in namespace '${plan.namespace}' would also belong to cluster ${root}[${owner}]`,
                    fix: "rename one of the clusters or put it in another namespace",
                });
                break;
            }
            owners.set(key, index);
        }
    }
    return errors.length ? { plans: [], errors } : { plans: plans.map((p) => p.plan), errors };
}

/** Plans one cluster specification or throws `InvalidSpecError` listing every structural error. */
export function planOrThrow(spec: ClusterSpec, root = "args"): ClusterPlan {
    const shape = checkShape(spec, root);
    const errors: StructuralError[] = [...shape.errors];
    const plan = shape.spec ? planCluster(shape.spec, root, errors) : undefined;
    if (!plan || errors.length) throw new InvalidSpecError(errors);
    return plan;
}
