/**
 * Snapshots for the transition check (components/planner/transition.ts), from the two places a deployed
 * cluster can be read:
 *
 * - a configuration, planned and run under Pulumi's mocks (`snapshotsOfRun`): the plan gives each instance's
 *   version, role, source and state, the rendered StatefulSet its pod template (what restarts the pod) and its
 *   claim template (size and StorageClass);
 * - a `pulumi stack export` (`snapshotsOfExport`): each `MySqlCluster` component registers its instance table
 *   as the output `instances` (components/cluster/mysql-cluster.ts), and each of its StatefulSets carries the
 *   pod and claim templates in its inputs.
 */
import { MYSQL_CLUSTER_TYPE } from "../../components/cluster/mysql-cluster";
import type { InstanceRow } from "../../components/planner/instance-table";
import { fingerprint, snapshotOfPlan, type ClusterSnapshot, type InstanceSnapshot } from "../../components/planner/transition";
import type { ClusterPlan } from "../../components/planner/types";
import type { RecordedResource } from "../mock-engine/runtime";
import { revealSecrets } from "../mock-engine/manifests";
import { CliError } from "../base/exit";

/** The Pulumi type token of a StatefulSet. */
export const STATEFULSET_TYPE = "kubernetes:apps/v1:StatefulSet";

/** What the transition check reads from one StatefulSet's inputs. */
export interface WorkloadFacts {
    namespace?: string;
    name: string;
    podTemplate: string;
    storage?: { size: string; storageClassName?: string };
}

function obj(v: unknown): Record<string, unknown> | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The pod template fingerprint and claim template of a StatefulSet's inputs (a manifest), or undefined when absent. */
export function workloadFacts(inputs: unknown): WorkloadFacts | undefined {
    const body = obj(revealSecrets(inputs));
    const metadata = obj(body?.metadata);
    const spec = obj(body?.spec);
    if (!metadata || typeof metadata.name !== "string" || !spec) return undefined;
    const claim = obj(obj((spec.volumeClaimTemplates as unknown[] | undefined)?.[0])?.spec);
    const size = obj(obj(claim?.resources)?.requests)?.storage;
    return {
        namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
        name: metadata.name,
        podTemplate: fingerprint(spec.template ?? null),
        storage:
            typeof size === "string"
                ? { size, ...(typeof claim?.storageClassName === "string" ? { storageClassName: claim.storageClassName } : {}) }
                : undefined,
    };
}

/** Overrides the plan-derived pod template and storage of `snap` with the rendered StatefulSet's. */
function withWorkload(snap: InstanceSnapshot, w: WorkloadFacts | undefined): InstanceSnapshot {
    if (!w) return snap;
    return { ...snap, podTemplate: w.podTemplate, ...(w.storage ? { storage: w.storage } : {}) };
}

/** Snapshots of planned clusters, with the pod and claim templates of the StatefulSets a mocked run rendered. */
export function snapshotsOfRun(plans: readonly ClusterPlan[], recorded: readonly RecordedResource[]): ClusterSnapshot[] {
    const workloads = new Map<string, WorkloadFacts>();
    for (const r of recorded) {
        if (r.type !== STATEFULSET_TYPE) continue;
        const w = workloadFacts(r.inputs);
        if (w) workloads.set(`${w.namespace ?? "default"}/${w.name}`, w);
    }
    return plans.map((plan) => {
        const snap = snapshotOfPlan(plan);
        return { ...snap, instances: snap.instances.map((i) => withWorkload(i, workloads.get(`${plan.namespace}/${i.name}`))) };
    });
}

/** One resource of a `pulumi stack export` (deployment v3), as far as this module reads it. */
interface ExportedResource {
    urn: string;
    type: string;
    parent?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}

const ROW_FIELDS: readonly (keyof InstanceRow)[] = ["name", "ordinal", "template", "image", "flavor", "version", "role", "source", "state"];

function isRow(v: unknown): v is InstanceRow {
    const r = obj(v);
    return (
        !!r &&
        typeof r.name === "string" &&
        typeof r.ordinal === "number" &&
        typeof r.image === "string" &&
        typeof r.version === "string" &&
        (r.role === "primary" || r.role === "replica") &&
        (r.state === "online" || r.state === "offline") &&
        (r.source === null || typeof r.source === "number") &&
        typeof r.flavor === "string" &&
        typeof r.template === "string"
    );
}

/** A secret value of an export (`{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ...}`). */
function unwrapExportSecret(v: unknown): unknown {
    const o = obj(v);
    if (o && o["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270")
        return "plaintext" in o ? JSON.parse(String(o.plaintext)) : undefined;
    return v;
}

/** The namespace of an instance from its DNS name `<pod>.<headless>.<namespace>.svc.<domain>`. */
function namespaceOfHost(host: unknown): string | undefined {
    return typeof host === "string" ? host.split(".")[2] : undefined;
}

/**
 * The clusters of a `pulumi stack export` document (`where` names the file in errors): one snapshot per
 * `MySqlCluster` component, from its `instances` output and its StatefulSets' inputs.
 */
export function snapshotsOfExport(doc: unknown, where: string): ClusterSnapshot[] {
    const deployment = obj(obj(doc)?.deployment);
    const version = obj(doc)?.version;
    if (!deployment || !Array.isArray(deployment.resources)) {
        throw new CliError(
            `${where} is not a pulumi stack export: it has no deployment.resources list (top-level keys: ${Object.keys(obj(doc) ?? {}).join(", ") || "none"}). ` +
                "Fix: pass the output of `pulumi stack export --stack NAME --file FILE`",
            undefined,
            where,
        );
    }
    if (version !== 3) {
        throw new CliError(
            `${where} is a stack export of deployment version ${JSON.stringify(version)}; Myriad reads version 3. Fix: export it with a current Pulumi CLI (pulumi stack export)`,
            undefined,
            where,
        );
    }
    const resources = (deployment.resources as unknown[]).filter((r): r is ExportedResource => {
        const o = obj(r);
        return !!o && typeof o.urn === "string" && typeof o.type === "string";
    });
    const out: ClusterSnapshot[] = [];
    for (const component of resources.filter((r) => r.type === MYSQL_CLUSTER_TYPE)) {
        const rows = unwrapExportSecret(component.outputs?.instances);
        if (!Array.isArray(rows) || rows.length === 0 || !rows.every(isRow)) {
            throw new CliError(
                `${where}: the ${MYSQL_CLUSTER_TYPE} ${component.urn} has no readable 'instances' output (expected the instance table: ${ROW_FIELDS.join(", ")}). ` +
                    "Fix: export the stack after a successful pulumi up with this version of Myriad",
                undefined,
                where,
            );
        }
        const workloads = new Map<string, WorkloadFacts>();
        for (const r of resources) {
            if (r.type !== STATEFULSET_TYPE || r.parent !== component.urn) continue;
            const w = workloadFacts(r.inputs);
            if (w) workloads.set(w.name, w);
        }
        const primary = rows.find((r) => r.role === "primary");
        const first = rows[0];
        const name = first.name.slice(0, first.name.length - `-${first.ordinal}`.length);
        const namespace = workloads.get(first.name)?.namespace ?? namespaceOfHost(first.host) ?? "default";
        const instances = [...rows]
            .sort((a, b) => a.ordinal - b.ordinal)
            .map((r) => {
                const w = workloads.get(r.name);
                const snap: InstanceSnapshot = {
                    name: r.name,
                    ordinal: r.ordinal,
                    template: r.template,
                    image: r.image,
                    flavor: r.flavor,
                    version: r.version,
                    role: r.role,
                    source: r.source,
                    state: r.state,
                };
                return withWorkload(snap, w);
            });
        out.push({ name, namespace, primary: primary?.ordinal ?? first.ordinal, instances });
    }
    return out;
}
