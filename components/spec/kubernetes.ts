/**
 * The Kubernetes-shaped fragments of a specification: the grammars of quantities, resource names, label keys and
 * values, and the strict shapes of `Toleration` and `Affinity` (every object refuses unknown keys, which the API
 * server would silently drop). Grammars and field lists follow the Kubernetes API reference:
 *
 * - quantities: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 * - label keys and values, qualified names: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 * - resource names: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 * - `Toleration`, `Affinity` and their parts:
 *   https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#scheduling and
 *   https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/
 *
 * The field lists are checked against the Kubernetes OpenAPI schemas of the `kubernetes-models` package by
 * tests/spec/kubernetes.test.ts, so a field missing here (or one that is not Kubernetes') fails the tests. Pure.
 */
import { z } from "zod";

/** Kubernetes' name grammars (RFC 1035 labels, RFC 1123 labels and subdomains), as its API server checks names. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A Kubernetes quantity in its canonical text form: an optional sign, a decimal number, then a binary suffix
 * (`Ki Mi Gi Ti Pi Ei`), a decimal suffix (`n u m k M G T P E`) or a decimal exponent (`e3`, `E-2`). No spaces.
 */
export const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** True when `text` is a Kubernetes quantity (`QUANTITY`). */
export function isQuantity(text: string): boolean {
    return QUANTITY.test(text);
}

/** True when `text` is a quantity that is not negative. */
export function isNonNegativeQuantity(text: string): boolean {
    return isQuantity(text) && !text.startsWith("-");
}

/** True when `text` is a quantity above zero (a claim of 0 bytes is refused by the API server). */
export function isPositiveQuantity(text: string): boolean {
    return isNonNegativeQuantity(text) && /[1-9]/.test(text.replace(/[eE][+-]?\d+$/, ""));
}

/** The name part of a qualified name: at most 63 characters, alphanumeric at both ends, `-_.` inside. */
const QUALIFIED_NAME_PART = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** True when `text` is a DNS-1123 subdomain of at most 253 characters. */
export function isDnsSubdomain(text: string): boolean {
    return text.length <= 253 && DNS1123_SUBDOMAIN.test(text);
}

/** A qualified name (label and annotation keys, toleration and selector keys): `[prefix/]name`. */
export function isQualifiedName(text: string): boolean {
    const slash = text.indexOf("/");
    if (slash < 0) return QUALIFIED_NAME_PART.test(text);
    return isDnsSubdomain(text.slice(0, slash)) && QUALIFIED_NAME_PART.test(text.slice(slash + 1));
}

/** A label value: empty, or at most 63 characters, alphanumeric at both ends, `-_.` inside. */
export function isLabelValue(text: string): boolean {
    return text === "" || QUALIFIED_NAME_PART.test(text);
}

/** The standard container resource names; `hugepages-<size>` and domain-prefixed extended resources also exist. */
export const STANDARD_RESOURCES = ["cpu", "memory", "ephemeral-storage"] as const;

/**
 * True when `name` is a container resource name: `cpu`, `memory`, `ephemeral-storage`, `hugepages-<quantity>`,
 * or an extended resource with a domain prefix (`example.com/gpu`, `nvidia.com/gpu`).
 */
export function isResourceName(name: string): boolean {
    if ((STANDARD_RESOURCES as readonly string[]).includes(name)) return true;
    if (name.startsWith("hugepages-")) return isPositiveQuantity(name.slice("hugepages-".length));
    return name.includes("/") && isQualifiedName(name);
}

// ---- strict shapes of the scheduling objects -----------------------------------------------------------------

const stringList = z.array(z.string());

/** `Toleration` (core/v1). */
export const tolerationSchema = z.strictObject({
    key: z.string().optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: z.string().optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: z.number().int().optional(),
});

/** `NodeSelectorRequirement` (core/v1). */
const nodeSelectorRequirementSchema = z.strictObject({
    key: z.string(),
    operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
    values: stringList.optional(),
});

/** `NodeSelectorTerm` (core/v1). */
const nodeSelectorTermSchema = z.strictObject({
    matchExpressions: z.array(nodeSelectorRequirementSchema).optional(),
    matchFields: z.array(nodeSelectorRequirementSchema).optional(),
});

/** `LabelSelectorRequirement` and `LabelSelector` (meta/v1). */
const labelSelectorSchema = z.strictObject({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z
        .array(
            z.strictObject({
                key: z.string(),
                operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
                values: stringList.optional(),
            }),
        )
        .optional(),
});

/** `PodAffinityTerm` (core/v1). */
const podAffinityTermSchema = z.strictObject({
    labelSelector: labelSelectorSchema.optional(),
    namespaceSelector: labelSelectorSchema.optional(),
    namespaces: stringList.optional(),
    topologyKey: z.string().min(1),
    matchLabelKeys: stringList.optional(),
    mismatchLabelKeys: stringList.optional(),
});

const weight = z.number().int().min(1).max(100);

/** `PodAffinity` and `PodAntiAffinity` (core/v1) have the same fields. */
const podAffinitySchema = z.strictObject({
    requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTermSchema).optional(),
    preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight, podAffinityTerm: podAffinityTermSchema })).optional(),
});

/** `Affinity` (core/v1). */
export const affinitySchema = z.strictObject({
    nodeAffinity: z
        .strictObject({
            requiredDuringSchedulingIgnoredDuringExecution: z
                .strictObject({ nodeSelectorTerms: z.array(nodeSelectorTermSchema) })
                .optional(),
            preferredDuringSchedulingIgnoredDuringExecution: z
                .array(z.strictObject({ weight, preference: nodeSelectorTermSchema }))
                .optional(),
        })
        .optional(),
    podAffinity: podAffinitySchema.optional(),
    podAntiAffinity: podAffinitySchema.optional(),
});

/**
 * The objects above by their Kubernetes definition name, for the test that compares their fields with the
 * Kubernetes OpenAPI schemas.
 */
export const SCHEDULING_SHAPES = {
    Toleration: tolerationSchema,
    Affinity: affinitySchema,
    NodeAffinity: affinitySchema.shape.nodeAffinity.unwrap(),
    NodeSelector: affinitySchema.shape.nodeAffinity.unwrap().shape.requiredDuringSchedulingIgnoredDuringExecution.unwrap(),
    NodeSelectorTerm: nodeSelectorTermSchema,
    NodeSelectorRequirement: nodeSelectorRequirementSchema,
    PreferredSchedulingTerm: affinitySchema.shape.nodeAffinity.unwrap().shape.preferredDuringSchedulingIgnoredDuringExecution.unwrap()
        .element,
    PodAffinity: podAffinitySchema,
    PodAntiAffinity: podAffinitySchema,
    PodAffinityTerm: podAffinityTermSchema,
    WeightedPodAffinityTerm: podAffinitySchema.shape.preferredDuringSchedulingIgnoredDuringExecution.unwrap().element,
    LabelSelector: labelSelectorSchema,
    LabelSelectorRequirement: labelSelectorSchema.shape.matchExpressions.unwrap().element,
} as const;
