/**
 * The cross-field checks: every rule a shape-valid specification must also obey, one named pure function per
 * rule, each returning its structural errors (path, bad value, message, fix). `validateCluster` runs them all,
 * so every error of a cluster is reported at once; the stack checks and the component option checks are here
 * too. Version compatibility is NOT judged here: that is the policy pack's job.
 */
import type { ClusterSpec } from "../spec/types";
import type { StructuralError } from "../spec/errors";
import { COMPONENT_DEFAULTS, DEFAULTS } from "../spec/defaults";
import { MAX_DNS_LABEL, MAX_SERVER_ID, MIN_SERVER_ID } from "../spec/limits";
import { managedReason } from "../mysqld/managed-options";
import { flavorFromImage } from "../versions/image";
import {
    allocateTemplates,
    defaultPrimary,
    formatRange,
    offlineOrdinals,
    offlineIn,
    onlineOrdinals,
    rangeContains,
    serverIdOf,
    templateRanges,
} from "./allocate";
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, MAX_CLUSTER_NAME, objectNamesOf } from "./naming";
import { templateVersion } from "./template-version";
import type { ClusterPlan } from "./types";

/** A check of one cluster specification found at `path` (e.g. `clusters[0]`). */
export type ClusterCheck = (spec: ClusterSpec, path: string) => StructuralError[];

const tplPath = (path: string, t: number) => `${path}.templates[${t}]`;

// ---- names ---------------------------------------------------------------------------------------------------

/** The cluster name prefixes every object name, so it must leave room for the suffixes in a 63-character label. */
export function checkClusterName(spec: ClusterSpec, path: string): StructuralError[] {
    if (DNS1035_LABEL.test(spec.name) && spec.name.length <= MAX_CLUSTER_NAME) return [];
    return [
        {
            path: `${path}.name`,
            value: spec.name,
            message: `a cluster name must be a DNS-1035 label of at most ${MAX_CLUSTER_NAME} characters`,
            fix: "use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
        },
    ];
}

/** A namespace is a DNS-1123 label. */
export function checkNamespace(spec: ClusterSpec, path: string): StructuralError[] {
    if (spec.namespace === undefined || (DNS1123_LABEL.test(spec.namespace) && spec.namespace.length <= MAX_DNS_LABEL)) return [];
    return [
        {
            path: `${path}.namespace`,
            value: spec.namespace,
            message: "a namespace must be a DNS-1123 label",
            fix: `use lower-case letters, digits and '-', at most ${MAX_DNS_LABEL} characters`,
        },
    ];
}

/** Namespaces every Kubernetes cluster has already: creating one would adopt (and then own) a system namespace. */
const SYSTEM_NAMESPACE = /^(default|kube-.*)$/;

/** `createNamespace` is for a namespace of the cluster's own, not one every Kubernetes cluster has. */
export function checkCreateNamespace(spec: ClusterSpec, path: string): StructuralError[] {
    const namespace = spec.namespace ?? DEFAULTS.namespace;
    if (spec.createNamespace !== true || !SYSTEM_NAMESPACE.test(namespace)) return [];
    return [
        {
            path: `${path}.createNamespace`,
            value: true,
            message: `namespace '${namespace}' exists in every Kubernetes cluster and cannot be created by a cluster`,
            fix: "set namespace to a namespace of your own (for example databases), or remove createNamespace",
        },
    ];
}

/** The cluster domain is a DNS domain (it ends every instance's host name). */
export function checkClusterDomain(spec: ClusterSpec, path: string): StructuralError[] {
    if (spec.clusterDomain === undefined || DNS1123_SUBDOMAIN.test(spec.clusterDomain)) return [];
    return [
        {
            path: `${path}.clusterDomain`,
            value: spec.clusterDomain,
            message: "not a DNS domain",
            fix: "use the cluster's DNS domain, usually cluster.local",
        },
    ];
}

/** A template name is a DNS-1123 label (it is a label value and part of ConfigMap names). */
export function checkTemplateNames(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        DNS1123_LABEL.test(tpl.name) && tpl.name.length <= MAX_DNS_LABEL
            ? []
            : [
                  {
                      path: `${tplPath(path, t)}.name`,
                      value: tpl.name,
                      message: "a template name must be a DNS-1123 label",
                      fix: `use lower-case letters, digits and '-', at most ${MAX_DNS_LABEL} characters`,
                  },
              ],
    );
}

/** Template names are unique in a cluster. */
export function checkTemplateNamesUnique(spec: ClusterSpec, path: string): StructuralError[] {
    const seen = new Map<string, number>();
    const errors: StructuralError[] = [];
    spec.templates.forEach((tpl, t) => {
        const prev = seen.get(tpl.name);
        if (prev === undefined) seen.set(tpl.name, t);
        else
            errors.push({
                path: `${tplPath(path, t)}.name`,
                value: tpl.name,
                message: `duplicates the name of templates[${prev}]`,
                fix: "give every template of a cluster its own name",
            });
    });
    return errors;
}

// ---- settings ------------------------------------------------------------------------------------------------

/** A template's `config` may not override an option the component manages. */
export function checkManagedOptions(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        Object.entries(tpl.config ?? {}).flatMap(([key, value]) => {
            const reason = managedReason(key);
            return reason
                ? [
                      {
                          path: `${tplPath(path, t)}.config.${key}`,
                          value,
                          message: `'${key}' is managed by the component: ${reason}`,
                          fix: `remove '${key}' from the template's config`,
                      },
                  ]
                : [];
        }),
    );
}

/** `semisync` settings need mode semisync; `group` settings need mode group. */
export function checkModeSettings(spec: ClusterSpec, path: string): StructuralError[] {
    const mode = spec.mode ?? DEFAULTS.mode;
    const errors: StructuralError[] = [];
    if (spec.semisync && mode !== "semisync") {
        errors.push({
            path: `${path}.semisync`,
            value: spec.semisync,
            message: `semisync settings apply only to mode semisync, but mode is ${mode}`,
            fix: "remove 'semisync' or set 'mode: semisync'",
        });
    }
    if (spec.group && mode !== "group") {
        errors.push({
            path: `${path}.group`,
            value: spec.group,
            message: `group settings apply only to mode group, but mode is ${mode}`,
            fix: "remove 'group' or set 'mode: group'",
        });
    }
    return errors;
}

/** `serverIdBase` is at least 1: server_id 0 disables replication. */
export function checkServerIdBase(spec: ClusterSpec, path: string): StructuralError[] {
    if (spec.serverIdBase === undefined || spec.serverIdBase >= MIN_SERVER_ID) return [];
    return [
        {
            path: `${path}.serverIdBase`,
            value: spec.serverIdBase,
            message: `serverIdBase must be at least ${MIN_SERVER_ID} (server_id 0 disables replication)`,
            fix: "use a base of 1 or more, for example 100",
        },
    ];
}

// ---- ordinals ------------------------------------------------------------------------------------------------

/** Each template of a multi-template cluster declares its range, and a range's start is not above its end. */
export function checkTemplateRanges(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        if (!tpl.ordinals) {
            return spec.templates.length > 1
                ? [
                      {
                          path: `${tplPath(path, t)}.ordinals`,
                          value: undefined,
                          message: `the cluster has ${spec.templates.length} templates, so template '${tpl.name}' must declare the ordinal range it owns`,
                          fix: "give every template 'ordinals: { start, end }' with ranges that do not overlap",
                      },
                  ]
                : [];
        }
        if (tpl.ordinals.start <= tpl.ordinals.end) return [];
        return [
            {
                path: `${tplPath(path, t)}.ordinals`,
                value: tpl.ordinals,
                message: "start is greater than end",
                fix: "make start <= end (the range is inclusive)",
            },
        ];
    });
}

/** Ranges of different templates do not overlap: ordinals are cluster-unique. */
export function checkRangeOverlaps(spec: ClusterSpec, path: string): StructuralError[] {
    const ranges = templateRanges(spec);
    const errors: StructuralError[] = [];
    for (let a = 0; a < ranges.length; a++) {
        for (let b = a + 1; b < ranges.length; b++) {
            const ra = ranges[a],
                rb = ranges[b];
            if (!ra || !rb) continue;
            if (ra.start <= (rb.end ?? Infinity) && rb.start <= (ra.end ?? Infinity)) {
                errors.push({
                    path: `${tplPath(path, b)}.ordinals`,
                    value: spec.templates[b].ordinals,
                    message: `range ${formatRange(rb)} of template '${spec.templates[b].name}' overlaps range ${formatRange(ra)} of template '${spec.templates[a].name}'`,
                    fix: "give each template a range of its own; ordinals are cluster-unique",
                });
            }
        }
    }
    return errors;
}

/** Each offline ordinal is listed once. */
export function checkOfflineListedOnce(spec: ClusterSpec, path: string): StructuralError[] {
    const seen = new Set<number>();
    return (spec.offlineInstances ?? []).flatMap((o, i) => {
        if (!seen.has(o)) {
            seen.add(o);
            return [];
        }
        return [{ path: `${path}.offlineInstances[${i}]`, value: o, message: "listed twice", fix: "list each offline ordinal once" }];
    });
}

/** An offline ordinal belongs to a template's range (judged only when every range is known). */
export function checkOfflineInRange(spec: ClusterSpec, path: string): StructuralError[] {
    const ranges = templateRanges(spec);
    if (!ranges.every((r) => r !== undefined)) return [];
    const known = ranges;
    const seen = new Set<number>();
    return (spec.offlineInstances ?? []).flatMap((o, i) => {
        if (seen.has(o)) return [];
        seen.add(o);
        if (known.some((r) => rangeContains(r, o))) return [];
        return [
            {
                path: `${path}.offlineInstances[${i}]`,
                value: o,
                message: `ordinal ${o} is outside every template's range (${known.map(formatRange).join(", ")})`,
                fix: "offline an ordinal that a template owns, or widen that template's range",
            },
        ];
    });
}

/** A template's range has room for its replicas besides its offline ordinals. */
export function checkReplicasFit(spec: ClusterSpec, path: string): StructuralError[] {
    const ranges = templateRanges(spec);
    const offline = offlineOrdinals(spec);
    return spec.templates.flatMap((tpl, t) => {
        const r = ranges[t];
        if (!r) return [];
        const online = onlineOrdinals(r, offline, tpl.replicas);
        if (online.length >= tpl.replicas) return [];
        const end = r.end ?? Number.MAX_SAFE_INTEGER;
        const offlineHere = offlineIn(r, offline).length;
        return [
            {
                path: `${tplPath(path, t)}.replicas`,
                value: tpl.replicas,
                message: `template '${tpl.name}' owns ordinals ${formatRange(r)} (${end - r.start + 1} ordinals, ${offlineHere} offline), which leaves room for only ${online.length} online instances`,
                fix: `widen 'ordinals' to at least ${tpl.replicas + offlineHere} ordinals, or lower 'replicas' to ${online.length}`,
            },
        ];
    });
}

// ---- versions and flavours -----------------------------------------------------------------------------------

/** A template's exact version is known (tag or `version`), well-formed, and agrees with the tag. */
export function checkTemplateVersion(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const resolved = templateVersion(tpl);
        if (!("problem" in resolved)) return [];
        const vp = `${tplPath(path, t)}.version`;
        const problem = resolved.problem;
        switch (problem.kind) {
            case "unknown":
                return [
                    {
                        path: vp,
                        value: undefined,
                        message: `the image '${tpl.image}' carries no X.Y.Z tag, so the server version is unknown`,
                        fix: "pin the image to an exact tag (for example mysql:8.0.36) or declare 'version: X.Y.Z' beside the digest",
                    },
                ];
            case "malformed":
                return [
                    {
                        path: vp,
                        value: tpl.version,
                        message: "not an exact server version",
                        fix: "give the version as X.Y.Z, for example 8.0.36",
                    },
                ];
            case "contradicts-tag":
                return [
                    {
                        path: vp,
                        value: tpl.version,
                        message: `disagrees with the image tag of '${tpl.image}', which pins ${problem.tagVersion}`,
                        fix: `remove 'version' or make it ${problem.tagVersion}`,
                    },
                ];
        }
    });
}

/** A template's image repository does not contradict the cluster's declared flavour. */
export function checkTemplateFlavor(spec: ClusterSpec, path: string): StructuralError[] {
    if (!spec.flavor) return [];
    const flavor = spec.flavor;
    return spec.templates.flatMap((tpl, t) => {
        const inferred = flavorFromImage(tpl.image);
        if (!inferred || inferred === flavor) return [];
        return [
            {
                path: `${tplPath(path, t)}.image`,
                value: tpl.image,
                message: `the repository name says ${inferred} but the cluster's flavor is ${flavor}`,
                fix: `use a ${flavor} image or set the cluster's flavor to match`,
            },
        ];
    });
}

// ---- topology ------------------------------------------------------------------------------------------------

/** The primary is an online instance; without `primary`, the first template has an online instance to default to. */
export function checkPrimary(spec: ClusterSpec, path: string): StructuralError[] {
    const templates = allocateTemplates(spec);
    const onlineAll = templates.flatMap((tp) => tp.online);
    const primary = spec.primary;
    if (primary === undefined) {
        const first = templates.find((tp) => tp.name === spec.templates[0].name);
        if (!first || defaultPrimary(spec, templates) !== undefined) return [];
        return [
            {
                path: `${path}.primary`,
                value: undefined,
                message: `the primary defaults to the lowest online ordinal of the first template, but template '${spec.templates[0].name}' has no online instance`,
                fix: "set 'primary' to an online ordinal, or give the first template replicas",
            },
        ];
    }
    if (onlineAll.includes(primary)) return [];
    const ranges = templateRanges(spec);
    const owner = templates.find((tp) => rangeContains(tp.range, primary));
    const inSomeRange = ranges.some((r) => r && rangeContains(r, primary));
    const why = offlineOrdinals(spec).has(primary)
        ? `ordinal ${primary} is offline`
        : owner
          ? `ordinal ${primary} of template '${owner.name}' is not online (its online ordinals are ${owner.online.join(", ") || "none"})`
          : !inSomeRange && ranges.every((r) => r)
            ? `ordinal ${primary} is outside every template's range`
            : undefined;
    if (!why) return [];
    return [
        {
            path: `${path}.primary`,
            value: primary,
            message: `the primary must be an online instance, but ${why}`,
            fix: `choose one of the online ordinals: ${onlineAll.join(", ") || "none (add replicas)"}`,
        },
    ];
}

/** Every allocated server_id (`serverIdBase + ordinal`) is at most the maximum; one error, naming the largest ordinal. */
export function checkServerIdRange(spec: ClusterSpec, path: string): StructuralError[] {
    const base = spec.serverIdBase ?? DEFAULTS.serverIdBase;
    const allocated = allocateTemplates(spec).flatMap((tp) => [...tp.online, ...tp.offline]);
    const highest = allocated.length ? Math.max(...allocated) : 0;
    if (base < MIN_SERVER_ID || serverIdOf(base, highest) <= MAX_SERVER_ID) return [];
    return [
        {
            path: `${path}.serverIdBase`,
            value: base,
            message: `server_id of ordinal ${highest} would be ${serverIdOf(base, highest)}, above the maximum ${MAX_SERVER_ID}`,
            fix: `lower serverIdBase to at most ${MAX_SERVER_ID - highest}`,
        },
    ];
}

/** In semisync mode, commits wait for no more acknowledgements than there are online replicas. */
export function checkSemisyncAcknowledgements(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "semisync") return [];
    const replicas = allocateTemplates(spec).flatMap((tp) => tp.online).length - 1;
    const wait = spec.semisync?.waitForReplicaCount ?? DEFAULTS.semisyncWaitForReplicaCount;
    if (wait <= replicas) return [];
    return [
        {
            path: `${path}.semisync.waitForReplicaCount`,
            value: wait,
            message: `commits would wait for ${wait} replica acknowledgements but the cluster has ${Math.max(replicas, 0)} online replicas, so every write would block`,
            fix: `lower waitForReplicaCount to at most ${Math.max(replicas, 1)} or add replicas`,
        },
    ];
}

/** Every cross-field check of one cluster, in the order their errors are reported. */
export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
    checkClusterName,
    checkNamespace,
    checkCreateNamespace,
    checkClusterDomain,
    checkTemplateNames,
    checkTemplateNamesUnique,
    checkManagedOptions,
    checkModeSettings,
    checkServerIdBase,
    checkTemplateRanges,
    checkRangeOverlaps,
    checkOfflineListedOnce,
    checkOfflineInRange,
    checkReplicasFit,
    checkTemplateVersion,
    checkTemplateFlavor,
    checkPrimary,
    checkServerIdRange,
    checkSemisyncAcknowledgements,
];

/** Every error of one shape-valid cluster specification, all at once. */
export function validateCluster(spec: ClusterSpec, path: string): StructuralError[] {
    return CLUSTER_CHECKS.flatMap((check) => check(spec, path));
}

// ---- the stack -----------------------------------------------------------------------------------------------

/**
 * Object names do not collide between clusters sharing a namespace (names are unique per kind and namespace).
 * `plans` are the clusters that planned, with their index in the stack configuration found at `root`.
 */
export function checkObjectNameCollisions(plans: readonly { plan: ClusterPlan; index: number }[], root: string): StructuralError[] {
    const owners = new Map<string, number>();
    const errors: StructuralError[] = [];
    for (const { plan, index } of plans) {
        for (const n of new Set(objectNamesOf(plan))) {
            const key = `${plan.namespace}/${n}`;
            const owner = owners.get(key);
            if (owner !== undefined) {
                const [kind, name] = [n.slice(0, n.indexOf("/")), n.slice(n.indexOf("/") + 1)];
                errors.push({
                    path: `${root}[${index}].name`,
                    value: plan.name,
                    message: `${kind} '${name}' in namespace '${plan.namespace}' would also belong to cluster ${root}[${owner}]`,
                    fix: "rename one of the clusters or put it in another namespace",
                });
                break;
            }
            owners.set(key, index);
        }
    }
    return errors;
}

/**
 * At most one cluster of a stack creates a given namespace: each would otherwise own the same Kubernetes
 * `Namespace` object. The other clusters of that namespace leave `createNamespace` unset.
 */
export function checkNamespaceCreatedOnce(plans: readonly { plan: ClusterPlan; index: number }[], root: string): StructuralError[] {
    const creator = new Map<string, number>();
    const errors: StructuralError[] = [];
    for (const { plan, index } of plans) {
        if (!plan.createNamespace) continue;
        const prev = creator.get(plan.namespace);
        if (prev === undefined) {
            creator.set(plan.namespace, index);
            continue;
        }
        errors.push({
            path: `${root}[${index}].createNamespace`,
            value: true,
            message: `namespace '${plan.namespace}' is already created by cluster ${root}[${prev}]`,
            fix: `remove createNamespace from this cluster: ${root}[${prev}] creates the namespace for both`,
        });
    }
    return errors;
}

/**
 * Cluster names are unique in a stack, even across namespaces: the program keys its outputs by cluster name
 * and names each `MySqlCluster` component after its cluster (Pulumi URNs must be unique). `raw` is the stack
 * configuration found at `root`; entries without a string name are skipped (their shape errors say why).
 */
export function checkUniqueClusterNames(raw: readonly unknown[], root: string): StructuralError[] {
    const first = new Map<string, number>();
    const errors: StructuralError[] = [];
    raw.forEach((c, i) => {
        const name = c !== null && typeof c === "object" ? (c as { name?: unknown }).name : undefined;
        if (typeof name !== "string") return;
        const prev = first.get(name);
        if (prev === undefined) {
            first.set(name, i);
            return;
        }
        errors.push({
            path: `${root}[${i}].name`,
            value: name,
            message: `duplicates the name of ${root}[${prev}]; the stack's outputs and Pulumi resource names are keyed by cluster name, even across namespaces`,
            fix: "give every cluster of the stack its own name",
        });
    });
    return errors;
}

// ---- component options ---------------------------------------------------------------------------------------

/** `readyTimeoutSeconds`, when given, is a positive whole number of seconds. */
export function checkReadyTimeoutSeconds(value: unknown, path: string): StructuralError[] {
    if (value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= 1)) return [];
    return [
        {
            path,
            value,
            message: "must be a positive whole number of seconds",
            fix: `omit it (default ${COMPONENT_DEFAULTS.readyTimeoutSeconds}) or give e.g. 7200`,
        },
    ];
}

/** `protect`, when given, is a boolean. */
export function checkProtect(value: unknown, path: string): StructuralError[] {
    if (value === undefined || typeof value === "boolean") return [];
    return [
        { path, value, message: "must be a boolean", fix: `use ${COMPONENT_DEFAULTS.protect} (default) or ${!COMPONENT_DEFAULTS.protect}` },
    ];
}

/** The component options of `MySqlClusterArgs` (found at `root`, e.g. `args`). */
export function checkComponentOptions(options: { protect?: unknown; readyTimeoutSeconds?: unknown }, root: string): StructuralError[] {
    return [
        ...checkReadyTimeoutSeconds(options.readyTimeoutSeconds, `${root}.readyTimeoutSeconds`),
        ...checkProtect(options.protect, `${root}.protect`),
    ];
}
