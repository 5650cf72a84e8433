/**
 * Names: the cluster, its namespace and domain, and its templates' names are Kubernetes names (the grammars in
 * spec/kubernetes.ts), short enough for the suffixes every object name adds, and unique where they must be.
 */
import type { ClusterSpec } from "../../spec/types";
import { structuralError, type StructuralError } from "../../spec/errors";
import { DEFAULTS } from "../../spec/defaults";
import { MAX_DNS_LABEL } from "../../spec/limits";
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN } from "../../spec/kubernetes";
import { MAX_CLUSTER_NAME } from "../naming";
import { tplPath } from "./paths";

/** Namespaces every Kubernetes cluster has already: creating one would adopt (and then own) a system namespace. */
const SYSTEM_NAMESPACE = /^(default|kube-.*)$/;

/** The cluster name prefixes every object name, so it must leave room for the suffixes in a 63-character label. */
export function checkClusterName(spec: ClusterSpec, path: string): StructuralError[] {
    if (DNS1035_LABEL.test(spec.name) && spec.name.length <= MAX_CLUSTER_NAME) return [];
    return [
        structuralError(
            `${path}.name`,
            spec.name,
            `a cluster name must be a DNS-1035 label of at most ${MAX_CLUSTER_NAME} characters`,
            "use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
        ),
    ];
}

/** A namespace is a DNS-1123 label. */
export function checkNamespace(spec: ClusterSpec, path: string): StructuralError[] {
    if (spec.namespace === undefined || (DNS1123_LABEL.test(spec.namespace) && spec.namespace.length <= MAX_DNS_LABEL)) return [];
    return [
        structuralError(
            `${path}.namespace`,
            spec.namespace,
            "a namespace must be a DNS-1123 label",
            `use lower-case letters, digits and '-', at most ${MAX_DNS_LABEL} characters`,
        ),
    ];
}

/** `createNamespace` is for a namespace of the cluster's own, not one every Kubernetes cluster has. */
export function checkCreateNamespace(spec: ClusterSpec, path: string): StructuralError[] {
    const namespace = spec.namespace ?? DEFAULTS.namespace;
    if (spec.createNamespace !== true || !SYSTEM_NAMESPACE.test(namespace)) return [];
    return [
        structuralError(
            `${path}.createNamespace`,
            true,
            `namespace '${namespace}' exists in every Kubernetes cluster and cannot be created by a cluster`,
            "set namespace to a namespace of your own (for example databases), or remove createNamespace",
        ),
    ];
}

/** The cluster domain is a DNS domain (it ends every instance's host name). */
export function checkClusterDomain(spec: ClusterSpec, path: string): StructuralError[] {
    if (spec.clusterDomain === undefined || DNS1123_SUBDOMAIN.test(spec.clusterDomain)) return [];
    return [
        structuralError(
            `${path}.clusterDomain`,
            spec.clusterDomain,
            "not a DNS domain",
            "use the cluster's DNS domain, usually cluster.local",
        ),
    ];
}

/** A template name is a DNS-1123 label (it is a label value and part of ConfigMap names). */
export function checkTemplateNames(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        DNS1123_LABEL.test(tpl.name) && tpl.name.length <= MAX_DNS_LABEL
            ? []
            : [
                  structuralError(
                      `${tplPath(path, t)}.name`,
                      tpl.name,
                      "a template name must be a DNS-1123 label",
                      `use lower-case letters, digits and '-', at most ${MAX_DNS_LABEL} characters`,
                  ),
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
            errors.push(
                structuralError(
                    `${tplPath(path, t)}.name`,
                    tpl.name,
                    `duplicates the name of templates[${prev}]`,
                    "give every template of a cluster its own name",
                ),
            );
    });
    return errors;
}
