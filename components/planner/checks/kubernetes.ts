/**
 * The Kubernetes fragments of a template: resources, storage and scheduling follow the API server's own rules
 * (the grammars in spec/kubernetes.ts), so a mistake is reported here rather than by a failed deploy.
 */
import type { ClusterSpec } from "../../spec/types";
import { structuralError, type StructuralError } from "../../spec/errors";
import { DEFAULTS } from "../../spec/defaults";
import {
    isDnsSubdomain,
    isLabelValue,
    isNonNegativeQuantity,
    isPositiveQuantity,
    isQualifiedName,
    isResourceName,
} from "../../spec/kubernetes";
import { tplPath } from "./paths";

/** Resource names of `resources.requests` and `resources.limits` are Kubernetes resource names. */
export function checkResourceNames(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        (["requests", "limits"] as const).flatMap((kind) =>
            Object.entries(tpl.resources?.[kind] ?? {}).flatMap(([name, value]) =>
                isResourceName(name)
                    ? []
                    : [
                          structuralError(
                              `${tplPath(path, t)}.resources.${kind}.${name}`,
                              value,
                              `'${name}' is not a container resource`,
                              "use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource (example.com/gpu)",
                          ),
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
                          structuralError(
                              `${tplPath(path, t)}.resources.${kind}.${name}`,
                              value,
                              "not a Kubernetes quantity",
                              "write a number with an optional suffix and no space: cpu as 500m or 0.5, memory as 512Mi or 1Gi (Gi, not GB)",
                          ),
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
            structuralError(
                `${tplPath(path, t)}.storage.size`,
                size,
                "not a Kubernetes quantity above zero",
                `write a size with a suffix and no space, for example ${DEFAULTS.storageSize} or 500Gi`,
            ),
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
        structuralError(
            path,
            name,
            `a ${kind} name must be a DNS-1123 subdomain`,
            `use the name of an existing ${kind} (lower-case letters, digits, '-' and '.'); list them with kubectl get ${kind.toLowerCase()}`,
        ),
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
                    structuralError(
                        p,
                        key,
                        "not a label key",
                        "use a node label key such as kubernetes.io/hostname or disktype ([prefix/]name, at most 63 characters)",
                    ),
                ];
            if (!isLabelValue(value))
                return [
                    structuralError(
                        p,
                        value,
                        "not a label value",
                        "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                    ),
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
                errors.push(
                    structuralError(
                        `${p}.key`,
                        tol.key,
                        "not a taint key",
                        "use the key of the node's taint ([prefix/]name, at most 63 characters), or omit it with operator Exists",
                    ),
                );
            const exists = tol.operator === "Exists";
            if ((tol.key === undefined || tol.key === "") && !exists)
                errors.push(
                    structuralError(
                        `${p}.operator`,
                        tol.operator,
                        "a toleration without a key matches every taint, which needs operator Exists",
                        "give the taint's key, or set operator: Exists to tolerate every taint",
                    ),
                );
            if (exists && typeof tol.value === "string" && tol.value !== "")
                errors.push(
                    structuralError(
                        `${p}.value`,
                        tol.value,
                        "a toleration with operator Exists matches any value, so it takes none",
                        "remove 'value', or use operator: Equal to match that value",
                    ),
                );
            else if (typeof tol.value === "string" && !isLabelValue(tol.value))
                errors.push(
                    structuralError(
                        `${p}.value`,
                        tol.value,
                        "not a taint value",
                        "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                    ),
                );
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
        errors.push(
            structuralError(
                `${p}.key`,
                r.key,
                "not a label key",
                "use a label key such as kubernetes.io/hostname or disktype ([prefix/]name, at most 63 characters)",
            ),
        );
    const values = r.values ?? [];
    if ((r.operator === "In" || r.operator === "NotIn") && values.length === 0)
        errors.push(structuralError(`${p}.values`, r.values, `operator ${r.operator} needs values`, "list the values to match"));
    if ((r.operator === "Exists" || r.operator === "DoesNotExist") && values.length > 0)
        errors.push(structuralError(`${p}.values`, r.values, `operator ${r.operator} takes no values`, "remove 'values'"));
    if ((r.operator === "Gt" || r.operator === "Lt") && !(values.length === 1 && /^-?\d+$/.test(values[0])))
        errors.push(
            structuralError(`${p}.values`, r.values, `operator ${r.operator} takes one integer value`, "give one whole number, e.g. ['4']"),
        );
    if (labels && (r.operator === "In" || r.operator === "NotIn"))
        values.forEach((v, k) => {
            if (!isLabelValue(v))
                errors.push(
                    structuralError(
                        `${p}.values[${k}]`,
                        v,
                        "not a label value",
                        "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                    ),
                );
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
            errors.push(
                structuralError(
                    `${p}.matchLabels.${JSON.stringify(key)}`,
                    value,
                    isQualifiedName(key) ? "not a label value" : "not a label key",
                    "match a label by its key ([prefix/]name) and value (at most 63 letters, digits, '-', '_' or '.')",
                ),
            );
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
              structuralError(
                  `${p}.topologyKey`,
                  term.topologyKey,
                  "not a label key",
                  "use a node label key, usually kubernetes.io/hostname or topology.kubernetes.io/zone",
              ),
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
