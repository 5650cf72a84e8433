/**
 * The cross-field checks: every rule a shape-valid specification must also obey, one named pure function per
 * rule, each returning its structural errors (path, bad value, message, fix). `validateCluster` runs them all,
 * so every error of a cluster is reported at once; the stack checks and the component option checks are here
 * too. Version compatibility is NOT judged here (that is the policy pack's job), except the support floor and the
 * replica write fence, which no deploy may cross (docs/compatibility.md#supported-versions).
 */
import type { ClusterSpec } from "../spec/types";
import type { StructuralError } from "../spec/errors";
import { COMPONENT_DEFAULTS, DEFAULTS } from "../spec/defaults";
import { MAX_DNS_LABEL, MAX_SERVER_ID, MIN_SERVER_ID, SERVER_ID_SLOT_SIZE, SERVER_ID_SLOTS } from "../spec/limits";
import { managedReason } from "../mysqld/managed-options";
import { isOptionName, isPrintableLine } from "../mysqld/option-file";
import {
    isDnsSubdomain,
    isLabelValue,
    isNonNegativeQuantity,
    isPositiveQuantity,
    isQualifiedName,
    isResourceName,
} from "../spec/kubernetes";
import { flavorFromImage, imageReferenceProblem } from "../versions/image";
import { GROUP_PORT, MYSQL_PORT } from "../runtime/contract";
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
import { resolveTemplate, templateVersion } from "./template-version";
import { defaultServerIdBase, derivedServerIdBase, serverIdBaseOf, serverIdSlot } from "./server-id";
import { MINIMUM_SUPPORTED, replicaWriteFenceProblem, unsupportedReason } from "../compat/support";
import { dialectFor, family } from "../mysqld/dialect";
import { consistencyUnsupported, groupSizeProblem, MAX_GROUP_MEMBERS } from "../compat/group";
import { mustParseVersion } from "../versions/version";
import type { ClusterPlan } from "./types";
import { BACKUP_CHECKS } from "./checks-backup";

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
            // A key outside the option-name grammar is reported by checkOptionNames alone.
            const reason = isOptionName(key) ? managedReason(key) : undefined;
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

/**
 * A `config` key follows the servers' option-name grammar, so that it is written as one option name and nothing
 * else: a key with a space, `=`, `#`, `[` or a line break would be read by the server as another option or group.
 */
export function checkOptionNames(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        Object.entries(tpl.config ?? {}).flatMap(([key, value]) =>
            isOptionName(key)
                ? []
                : [
                      {
                          path: `${tplPath(path, t)}.config.${JSON.stringify(key)}`,
                          value,
                          message: `${JSON.stringify(key)} is not an option name: the servers' option names are letters, digits, '_' and '-', starting with a letter`,
                          fix: "write the option as in the server manual, for example max_connections or loose-plugin-option",
                      },
                  ],
        ),
    );
}

/** A `config` value is one printable line: a line break (or another control character) is never part of a setting. */
export function checkOptionValues(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        Object.entries(tpl.config ?? {}).flatMap(([key, value]) =>
            typeof value !== "string" || isPrintableLine(value)
                ? []
                : [
                      {
                          path: `${tplPath(path, t)}.config.${key}`,
                          value,
                          message: "an option value must be one printable line, without line breaks or control characters",
                          fix: "give the option a single value; set every other option as its own key of 'config'",
                      },
                  ],
        ),
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

/** A template's image is a valid image reference (the container runtime refuses anything else when the pod starts). */
export function checkImageReference(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) => {
        const problem = imageReferenceProblem(tpl.image);
        return problem
            ? [
                  {
                      path: `${tplPath(path, t)}.image`,
                      value: tpl.image,
                      message: problem,
                      fix: "write the image as [registry/]repository:tag with a lower-case repository, for example mysql:8.0.36",
                  },
              ]
            : [];
    });
}

// ---- Kubernetes fragments -------------------------------------------------------------------------------------

/** Resource names of `resources.requests` and `resources.limits` are Kubernetes resource names. */
export function checkResourceNames(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        (["requests", "limits"] as const).flatMap((kind) =>
            Object.entries(tpl.resources?.[kind] ?? {}).flatMap(([name, value]) =>
                isResourceName(name)
                    ? []
                    : [
                          {
                              path: `${tplPath(path, t)}.resources.${kind}.${name}`,
                              value,
                              message: `'${name}' is not a container resource`,
                              fix: "use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource (example.com/gpu)",
                          },
                      ],
            ),
        ),
    );
}

/** Resource amounts are non-negative Kubernetes quantities (`500m`, `0.5`, `1Gi`). */
export function checkResourceQuantities(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        (["requests", "limits"] as const).flatMap((kind) =>
            Object.entries(tpl.resources?.[kind] ?? {}).flatMap(([name, value]) =>
                isNonNegativeQuantity(value)
                    ? []
                    : [
                          {
                              path: `${tplPath(path, t)}.resources.${kind}.${name}`,
                              value,
                              message: "not a Kubernetes quantity",
                              fix: "write a number with an optional suffix and no space: cpu as 500m or 0.5, memory as 512Mi or 1Gi (Gi, not GB)",
                          },
                      ],
            ),
        ),
    );
}

/** The data volume's size is a Kubernetes quantity above zero. */
export function checkStorageSize(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) => {
        const size = tpl.storage?.size;
        if (size === undefined || isPositiveQuantity(size)) return [];
        return [
            {
                path: `${tplPath(path, t)}.storage.size`,
                value: size,
                message: "not a Kubernetes quantity above zero",
                fix: `write a size with a suffix and no space, for example ${DEFAULTS.storageSize} or 500Gi`,
            },
        ];
    });
}

/**
 * A StorageClass name (and a PriorityClass name) is a DNS-1123 subdomain; the empty name is Kubernetes' own
 * "none" (no dynamic provisioning; the default priority).
 */
function objectNameErrors(name: string | undefined, path: string, kind: string): StructuralError[] {
    if (name === undefined || name === "" || isDnsSubdomain(name)) return [];
    return [
        {
            path,
            value: name,
            message: `a ${kind} name must be a DNS-1123 subdomain`,
            fix: `use the name of an existing ${kind} (lower-case letters, digits, '-' and '.'); list them with kubectl get ${kind.toLowerCase()}`,
        },
    ];
}

/** `storage.storageClassName` names a StorageClass. */
export function checkStorageClassName(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        objectNameErrors(tpl.storage?.storageClassName, `${tplPath(path, t)}.storage.storageClassName`, "StorageClass"),
    );
}

/** `scheduling.priorityClassName` names a PriorityClass. */
export function checkPriorityClassName(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        objectNameErrors(tpl.scheduling?.priorityClassName, `${tplPath(path, t)}.scheduling.priorityClassName`, "PriorityClass"),
    );
}

/** `scheduling.nodeSelector` keys are label keys and its values label values. */
export function checkNodeSelector(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        Object.entries(tpl.scheduling?.nodeSelector ?? {}).flatMap(([key, value]): StructuralError[] => {
            const p = `${tplPath(path, t)}.scheduling.nodeSelector.${JSON.stringify(key)}`;
            if (!isQualifiedName(key))
                return [
                    {
                        path: p,
                        value: key,
                        message: "not a label key",
                        fix: "use a node label key such as kubernetes.io/hostname or disktype ([prefix/]name, at most 63 characters)",
                    },
                ];
            if (!isLabelValue(value))
                return [
                    {
                        path: p,
                        value,
                        message: "not a label value",
                        fix: "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                    },
                ];
            return [];
        }),
    );
}

/**
 * A toleration's `key` is a label key and its `value` a label value (taints are labels); without a key the
 * operator is `Exists`, and `Exists` takes no value (the API server's own validation of `Toleration`).
 */
export function checkTolerations(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        (tpl.scheduling?.tolerations ?? []).flatMap((tol, k): StructuralError[] => {
            const p = `${tplPath(path, t)}.scheduling.tolerations[${k}]`;
            const errors: StructuralError[] = [];
            if (typeof tol.key === "string" && tol.key !== "" && !isQualifiedName(tol.key))
                errors.push({
                    path: `${p}.key`,
                    value: tol.key,
                    message: "not a taint key",
                    fix: "use the key of the node's taint ([prefix/]name, at most 63 characters), or omit it with operator Exists",
                });
            const exists = tol.operator === "Exists";
            if ((tol.key === undefined || tol.key === "") && !exists)
                errors.push({
                    path: `${p}.operator`,
                    value: tol.operator,
                    message: "a toleration without a key matches every taint, which needs operator Exists",
                    fix: "give the taint's key, or set operator: Exists to tolerate every taint",
                });
            if (exists && typeof tol.value === "string" && tol.value !== "")
                errors.push({
                    path: `${p}.value`,
                    value: tol.value,
                    message: "a toleration with operator Exists matches any value, so it takes none",
                    fix: "remove 'value', or use operator: Equal to match that value",
                });
            else if (typeof tol.value === "string" && !isLabelValue(tol.value))
                errors.push({
                    path: `${p}.value`,
                    value: tol.value,
                    message: "not a taint value",
                    fix: "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                });
            return errors;
        }),
    );
}

interface Requirement {
    key: string;
    operator: string;
    values?: string[];
}

/** The errors of one selector requirement (`key`, `operator`, `values`) at `p`; node requirements also allow Gt/Lt. */
function requirementErrors(r: Requirement, p: string, labels: boolean): StructuralError[] {
    const errors: StructuralError[] = [];
    if (labels && !isQualifiedName(r.key))
        errors.push({
            path: `${p}.key`,
            value: r.key,
            message: "not a label key",
            fix: "use a label key such as kubernetes.io/hostname or disktype ([prefix/]name, at most 63 characters)",
        });
    const values = r.values ?? [];
    if ((r.operator === "In" || r.operator === "NotIn") && values.length === 0)
        errors.push({
            path: `${p}.values`,
            value: r.values,
            message: `operator ${r.operator} needs values`,
            fix: "list the values to match",
        });
    if ((r.operator === "Exists" || r.operator === "DoesNotExist") && values.length > 0)
        errors.push({ path: `${p}.values`, value: r.values, message: `operator ${r.operator} takes no values`, fix: "remove 'values'" });
    if ((r.operator === "Gt" || r.operator === "Lt") && !(values.length === 1 && /^-?\d+$/.test(values[0])))
        errors.push({
            path: `${p}.values`,
            value: r.values,
            message: `operator ${r.operator} takes one integer value`,
            fix: "give one whole number, e.g. ['4']",
        });
    if (labels && (r.operator === "In" || r.operator === "NotIn"))
        values.forEach((v, k) => {
            if (!isLabelValue(v))
                errors.push({
                    path: `${p}.values[${k}]`,
                    value: v,
                    message: "not a label value",
                    fix: "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                });
        });
    return errors;
}

interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Requirement[];
}

function selectorErrors(sel: LabelSelector | undefined, p: string): StructuralError[] {
    if (!sel) return [];
    const errors: StructuralError[] = [];
    for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
        if (!isQualifiedName(key) || !isLabelValue(value))
            errors.push({
                path: `${p}.matchLabels.${JSON.stringify(key)}`,
                value,
                message: isQualifiedName(key) ? "not a label value" : "not a label key",
                fix: "match a label by its key ([prefix/]name) and value (at most 63 letters, digits, '-', '_' or '.')",
            });
    }
    (sel.matchExpressions ?? []).forEach((r, k) => errors.push(...requirementErrors(r, `${p}.matchExpressions[${k}]`, true)));
    return errors;
}

interface PodAffinityTerm {
    topologyKey: string;
    labelSelector?: LabelSelector;
    namespaceSelector?: LabelSelector;
}

function termErrors(term: PodAffinityTerm, p: string): StructuralError[] {
    const errors: StructuralError[] = isQualifiedName(term.topologyKey)
        ? []
        : [
              {
                  path: `${p}.topologyKey`,
                  value: term.topologyKey,
                  message: "not a label key",
                  fix: "use a node label key, usually kubernetes.io/hostname or topology.kubernetes.io/zone",
              },
          ];
    return [
        ...errors,
        ...selectorErrors(term.labelSelector, `${p}.labelSelector`),
        ...selectorErrors(term.namespaceSelector, `${p}.namespaceSelector`),
    ];
}

/**
 * `scheduling.affinity` selects with label keys and values, topology keys are label keys, and each operator has
 * the values it needs (In/NotIn some, Exists/DoesNotExist none, Gt/Lt one integer): the API server's rules.
 */
export function checkAffinity(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) => {
        const a = tpl.scheduling?.affinity as
            | {
                  nodeAffinity?: {
                      requiredDuringSchedulingIgnoredDuringExecution?: {
                          nodeSelectorTerms: { matchExpressions?: Requirement[]; matchFields?: Requirement[] }[];
                      };
                      preferredDuringSchedulingIgnoredDuringExecution?: {
                          preference: { matchExpressions?: Requirement[]; matchFields?: Requirement[] };
                      }[];
                  };
                  podAffinity?: Record<string, unknown>;
                  podAntiAffinity?: Record<string, unknown>;
              }
            | undefined;
        if (!a) return [];
        const p = `${tplPath(path, t)}.scheduling.affinity`;
        const errors: StructuralError[] = [];
        const nodeTerm = (term: { matchExpressions?: Requirement[]; matchFields?: Requirement[] }, tp: string) => {
            (term.matchExpressions ?? []).forEach((r, k) => errors.push(...requirementErrors(r, `${tp}.matchExpressions[${k}]`, true)));
            (term.matchFields ?? []).forEach((r, k) => errors.push(...requirementErrors(r, `${tp}.matchFields[${k}]`, false)));
        };
        const na = a.nodeAffinity;
        (na?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).forEach((term, k) =>
            nodeTerm(term, `${p}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${k}]`),
        );
        (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, k) =>
            nodeTerm(w.preference, `${p}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${k}].preference`),
        );
        for (const kind of ["podAffinity", "podAntiAffinity"] as const) {
            const pa = a[kind] as
                | {
                      requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
                      preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm: PodAffinityTerm }[];
                  }
                | undefined;
            (pa?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, k) =>
                errors.push(...termErrors(term, `${p}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${k}]`)),
            );
            (pa?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, k) =>
                errors.push(
                    ...termErrors(w.podAffinityTerm, `${p}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${k}].podAffinityTerm`),
                ),
            );
        }
        return errors;
    });
}

/** A template's server is at least the oldest version of its flavour Myriad supports (docs/compatibility.md#supported-versions). */
export function checkSupportedVersion(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version) return [];
        const why = unsupportedReason(flavor, version);
        if (!why) return [];
        return [
            {
                path: `${tplPath(path, t)}.image`,
                value: tpl.image,
                message: `${why}, so it is not supported`,
                fix: `use ${flavor} ${MINIMUM_SUPPORTED[family(flavor)]} or later (docs/compatibility.md#supported-versions)`,
            },
        ];
    });
}

/**
 * Every instance that runs as a replica refuses writes from every account but replication: a MariaDB template
 * older than 10.11.0 may hold only the primary (docs/runtime.md#writing-to-a-replica).
 */
export function checkReplicaWriteFence(spec: ClusterSpec, path: string): StructuralError[] {
    const templates = allocateTemplates(spec);
    const primary = spec.primary ?? defaultPrimary(spec, templates);
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version || unsupportedReason(flavor, version)) return [];
        const why = replicaWriteFenceProblem(flavor, version);
        const replicas = templates.find((tp) => tp.name === tpl.name)?.online.filter((o) => o !== primary) ?? [];
        if (!why || replicas.length === 0) return [];
        return [
            {
                path: `${tplPath(path, t)}.image`,
                value: tpl.image,
                message: `template '${tpl.name}' runs ${replicas.length === 1 ? "a replica" : `${replicas.length} replicas`} (ordinal${replicas.length === 1 ? "" : "s"} ${replicas.join(", ")}), but ${why}`,
                fix: "use MariaDB 10.11 or later for this template, or give it only the primary",
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
    const base = serverIdBaseOf(spec);
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

/**
 * On the default `serverIdBase` a cluster's ordinals stay inside its own slot of `SERVER_ID_SLOT_SIZE` ids
 * (components/planner/server-id.ts), so they can never reach another cluster's default range.
 */
export function checkDefaultServerIdSlot(spec: ClusterSpec, path: string): StructuralError[] {
    if (!derivedServerIdBase(spec)) return [];
    const allocated = allocateTemplates(spec).flatMap((tp) => [...tp.online, ...tp.offline]);
    const highest = allocated.length ? Math.max(...allocated) : 0;
    if (highest < SERVER_ID_SLOT_SIZE) return [];
    const base = serverIdBaseOf(spec);
    return [
        {
            path: `${path}.serverIdBase`,
            value: undefined,
            message: `the default serverIdBase gives this cluster the ${SERVER_ID_SLOT_SIZE} server_ids ${base}..${base + SERVER_ID_SLOT_SIZE - 1} (ordinals 0..${SERVER_ID_SLOT_SIZE - 1}), but ordinal ${highest} is above ${SERVER_ID_SLOT_SIZE - 1}`,
            fix: `set serverIdBase explicitly (at most ${MAX_SERVER_ID - highest}), or keep every ordinal below ${SERVER_ID_SLOT_SIZE}`,
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

/**
 * Every semi-synchronous parameter is one each template's server can honour (docs/compatibility.md#mariadb):
 * MariaDB waits for exactly one acknowledgement and has no wait-count variable, so a larger
 * `waitForReplicaCount` would be silently ignored there. The wait point (AFTER_SYNC), the timeout (at most
 * 4294967295 ms, which MariaDB's wider range includes) and wait-with-no-replica exist on every supported version.
 */
export function checkSemisyncHonoured(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "semisync") return [];
    const wait = spec.semisync?.waitForReplicaCount;
    if (wait === undefined || wait <= 1) return [];
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version || unsupportedReason(flavor, version) || dialectFor(flavor, version).semisyncWaitForReplicaCount) return [];
        return [
            {
                path: `${path}.semisync.waitForReplicaCount`,
                value: wait,
                message: `template '${tpl.name}' runs ${flavor} ${version}, whose semi-synchronous source always waits for exactly one replica acknowledgement, so waitForReplicaCount ${wait} cannot be honoured`,
                fix: "set semisync.waitForReplicaCount to 1 (or leave it unset), or use MySQL or Percona Server for more acknowledgements",
            },
        ];
    });
}

/** A group has at most `MAX_GROUP_MEMBERS` (9) online members (docs/compatibility.md#group-replication). */
export function checkGroupSize(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "group") return [];
    const online = allocateTemplates(spec).flatMap((tp) => tp.online).length;
    const why = groupSizeProblem(online);
    if (!why) return [];
    return [
        {
            path: `${path}.templates`,
            value: online,
            message: why,
            fix: `keep at most ${MAX_GROUP_MEMBERS} online instances in a group-mode cluster (lower replicas or take instances offline)`,
        },
    ];
}

/**
 * A `group.consistency` the user configured is one every member can honour: a level other than EVENTUAL needs
 * 8.0.14, and the renderer would otherwise have to leave it out of that member's file. The project default is
 * left out for such a member instead (docs/configuration-rendering.md), so a 5.7 member being upgraded is fine.
 */
export function checkGroupConsistencyHonoured(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "group" || spec.group?.consistency === undefined) return [];
    const level = spec.group.consistency;
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version || unsupportedReason(flavor, version) || !dialectFor(flavor, version).groupReplication) return [];
        if (
            consistencyUnsupported([{ name: tpl.name, template: tpl.name, flavor, version: mustParseVersion(version) }], level).length === 0
        )
            return [];
        return [
            {
                path: `${path}.group.consistency`,
                value: level,
                message: `template '${tpl.name}' runs ${flavor} ${version}, which has no group_replication_consistency (added in 8.0.14), so ${level} cannot be honoured on its members`,
                fix: "remove group.consistency (the default is left out where a member cannot honour it), set it to EVENTUAL, or run every member on 8.0.14 or later",
            },
        ];
    });
}

/** The exporter's port is none of the ports mysqld listens on in the pod (the containers share one network namespace). */
export function checkMetricsPort(spec: ClusterSpec, path: string): StructuralError[] {
    const port = spec.metrics?.port;
    if (port === undefined || (port !== MYSQL_PORT && port !== GROUP_PORT)) return [];
    return [
        {
            path: `${path}.metrics.port`,
            value: port,
            message: `port ${port} is taken by mysqld in the pod (${MYSQL_PORT} for clients, ${GROUP_PORT} for Group Replication)`,
            fix: `leave metrics.port unset (${DEFAULTS.metricsPort}) or choose another port`,
        },
    ];
}

/** The ServiceMonitor and the alert rules scrape the exporter, so they need it. */
export function checkMetricsServiceMonitor(spec: ClusterSpec, path: string): StructuralError[] {
    const m = spec.metrics;
    if (!m?.serviceMonitor || (m.enabled ?? DEFAULTS.metricsEnabled)) return [];
    return [
        {
            path: `${path}.metrics.serviceMonitor`,
            value: true,
            message: "a ServiceMonitor and its alert rules need the exporter, but metrics.enabled is false",
            fix: "set metrics.enabled to true or metrics.serviceMonitor to false",
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
    checkOptionNames,
    checkOptionValues,
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
    checkImageReference,
    checkSupportedVersion,
    checkReplicaWriteFence,
    checkResourceNames,
    checkResourceQuantities,
    checkStorageSize,
    checkStorageClassName,
    checkPriorityClassName,
    checkNodeSelector,
    checkTolerations,
    checkAffinity,
    checkPrimary,
    checkServerIdRange,
    checkDefaultServerIdSlot,
    checkSemisyncAcknowledgements,
    checkSemisyncHonoured,
    checkGroupSize,
    checkGroupConsistencyHonoured,
    checkMetricsPort,
    checkMetricsServiceMonitor,
    ...BACKUP_CHECKS,
];

/** Every error of one shape-valid cluster specification, all at once. */
export function validateCluster(spec: ClusterSpec, path: string): StructuralError[] {
    return CLUSTER_CHECKS.flatMap((check) => check(spec, path));
}

// ---- the stack -----------------------------------------------------------------------------------------------

/** The lowest and highest server_id a plan allocates (offline instances keep theirs reserved). */
function idSpan(plan: ClusterPlan): [number, number] {
    const ids = plan.instances.map((i) => i.serverId);
    return [Math.min(...ids), Math.max(...ids)];
}

/** Whether `plan` runs on the default `serverIdBase` of its namespace and name. */
function onDerivedBase(plan: ClusterPlan): boolean {
    return plan.serverIdBase === defaultServerIdBase(plan.namespace, plan.name);
}

/**
 * The default `serverIdBase` keeps the clusters of a stack apart: a cluster on it whose server_ids meet another
 * cluster's (two identities hashed into one slot, or an explicit base inside a default slot) is reported once per
 * pair of clusters, at the later one, with a free base to set. Explicit bases that overlap each other are the
 * policy `mysql-server-id-unique`'s to judge (its scope is configurable).
 */
export function checkServerIdsAcrossClusters(plans: readonly { plan: ClusterPlan; index: number }[], root: string): StructuralError[] {
    const spans = plans.map((p) => ({ ...p, span: idSpan(p.plan), derived: onDerivedBase(p.plan) }));
    const taken = (lo: number, hi: number) => spans.some((o) => o.span[0] <= hi && lo <= o.span[1]);
    const errors: StructuralError[] = [];
    spans.forEach((b, j) => {
        for (const a of spans.slice(0, j)) {
            if (!(a.derived || b.derived) || a.span[1] < b.span[0] || b.span[1] < a.span[0]) continue;
            const lo = Math.max(a.span[0], b.span[0]);
            const hi = Math.min(a.span[1], b.span[1]);
            const why =
                a.derived && b.derived
                    ? `the default serverIdBase of both, derived from namespace and name, falls in slot ${serverIdSlot(b.plan.namespace, b.plan.name)} (a rare hash collision)`
                    : `${a.derived ? `${root}[${a.index}]` : `${root}[${b.index}]`} runs on the default serverIdBase, and the other's explicit serverIdBase reaches into its slot`;
            // A free base: the first slot after this one (wrapping) that no cluster of the stack touches.
            const width = b.span[1] - b.plan.serverIdBase;
            let suggestion = 0;
            for (let k = 1; k <= SERVER_ID_SLOTS && !suggestion; k++) {
                const base =
                    (((Math.floor(b.plan.serverIdBase / SERVER_ID_SLOT_SIZE) + k - 1) % SERVER_ID_SLOTS) + 1) * SERVER_ID_SLOT_SIZE;
                if (base + width <= MAX_SERVER_ID && !taken(base, base + width)) suggestion = base;
            }
            errors.push({
                path: `${root}[${b.index}].serverIdBase`,
                value: b.derived ? undefined : b.plan.serverIdBase,
                message:
                    `${lo === hi ? `server_id ${lo}` : `server_ids ${lo}..${hi}`} would be used across clusters, by cluster '${b.plan.name}' (namespace ${b.plan.namespace}) and by ${root}[${a.index}] '${a.plan.name}' (namespace ${a.plan.namespace}): ` +
                    `${why}; servers of one replication topology need distinct server_ids`,
                fix: `set serverIdBase explicitly on one of them, for example serverIdBase: ${suggestion} on ${root}[${b.index}]`,
            });
        }
    });
    return errors;
}

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
