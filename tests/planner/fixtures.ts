/** Cluster specifications the planner tests build on: one template, or two templates with their own ranges. */
import type { ClusterSpec, InstanceTemplateSpec } from "../../components/spec/types";

export const tpl = (name: string, extra: Partial<InstanceTemplateSpec> = {}): InstanceTemplateSpec => ({
    name,
    image: "mysql:8.0.36",
    replicas: 1,
    ...extra,
});

export const one = (extra: Partial<ClusterSpec> = {}, t: Partial<InstanceTemplateSpec> = {}): ClusterSpec => ({
    name: "orders",
    ...extra,
    templates: [tpl("main", { replicas: 3, ...t })],
});

export const two = (a: Partial<InstanceTemplateSpec>, b: Partial<InstanceTemplateSpec>, extra: Partial<ClusterSpec> = {}): ClusterSpec => ({
    name: "orders",
    ...extra,
    templates: [tpl("a", a), tpl("b", b)],
});
