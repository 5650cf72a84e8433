/**
 * Views of cluster plans for `myriad plan`: the JSON document (a fixed, documented shape) and the
 * human-readable instance tables. Pure functions of the plans.
 */
import { fitTable, outputWidth, tableWithDropped, wrapParts, type FitOptions } from "./table";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import { instanceRow, type InstanceRow } from "../../components/planner/instance-table";
import { instanceSeeding } from "../../components/runtime/env";
import type { SeedingMethod } from "../../components/compat/seeding";
import { defaultServerIdBase } from "../../components/planner/server-id";

/**
 * One instance in `myriad plan --format json`: the instance table's row, the image's physical backup tool, and
 * how the instance is seeded when its data directory is empty (`instanceSeeding`: method and reason; null for
 * an instance without a source, which initialises).
 */
export type PlanJsonInstance = InstanceRow & {
    backupTool: InstancePlan["backupTool"];
    seeding: { method: SeedingMethod; reason: string } | null;
};

/** One cluster in `myriad plan --format json`. */
export interface PlanJsonCluster {
    name: string;
    namespace: string;
    /** The cluster creates its namespace (`createNamespace`). */
    createNamespace: boolean;
    mode: string;
    /** Ordinal of the (bootstrap) primary. */
    primary: number;
    instances: PlanJsonInstance[];
}

/** The document `myriad plan --format json` prints. */
export interface PlanJson {
    clusters: PlanJsonCluster[];
}

function instanceJson(plan: ClusterPlan, i: InstancePlan): PlanJsonInstance {
    const seeding = instanceSeeding(plan, i);
    return { ...instanceRow(i), backupTool: i.backupTool, seeding: seeding ? { method: seeding.method, reason: seeding.reason } : null };
}

/** `{"clusters":[{"name","namespace","createNamespace","mode","primary","instances":[...]}]}`, instances sorted by ordinal. */
export function planJson(plans: readonly ClusterPlan[]): PlanJson {
    return {
        clusters: plans.map((p) => ({
            name: p.name,
            namespace: p.namespace,
            createNamespace: p.createNamespace,
            mode: p.mode,
            primary: p.primary,
            instances: p.instances.map((i) => instanceJson(p, i)),
        })),
    };
}

/** Column headings of the instance table. */
export const TABLE_HEAD = ["NAME", "ORDINAL", "TEMPLATE", "IMAGE", "FLAVOR", "VERSION", "SERVER ID", "ROLE", "SOURCE", "HOST", "STATE"];

function sourceCell(plan: ClusterPlan, i: InstancePlan): string {
    if (i.source === null) return plan.mode === "group" && i.role !== "primary" ? "(group)" : "-";
    return plan.instances.find((x) => x.ordinal === i.source)?.name ?? String(i.source);
}

/** The heading above a cluster's table, wrapped to `width` (between its parts, then at words). */
export function clusterHeading(plan: ClusterPlan, width = outputWidth()): string {
    const online = plan.instances.filter((i) => i.state === "online").length;
    const offline = plan.instances.length - online;
    const primary = plan.instances.find((i) => i.ordinal === plan.primary);
    const parts = [
        `cluster ${plan.name}`,
        `namespace ${plan.namespace}${plan.createNamespace ? " (created)" : ""}`,
        `mode ${plan.mode}${plan.mode === "group" ? " (bootstrap primary)" : ""}`,
        `primary ${primary?.name ?? plan.primary} (ordinal ${plan.primary})`,
        `${online} online, ${offline} offline`,
        `templates ${plan.templates.map((t) => t.name).join(", ")}`,
        `serverIdBase ${plan.serverIdBase}${plan.serverIdBase === defaultServerIdBase(plan.namespace, plan.name) ? " (default, from namespace and name)" : ""}`,
    ];
    return wrapParts(parts, width);
}

/** Columns dropped first when the table is wider than the terminal: HOST, FLAVOR, VERSION, ORDINAL, IMAGE. */
const DROP_ORDER = [9, 4, 5, 1, 3];

/**
 * The instance table of one cluster (no colours), fitted to the width (./table.ts): columns dropped are named
 * below the table, and `--format json` has them all.
 */
export function clusterTable(plan: ClusterPlan, fit: FitOptions = {}): string {
    const rows = plan.instances.map((i) => [
        i.name,
        i.ordinal,
        i.template,
        i.image,
        i.flavor,
        i.version,
        i.serverId,
        i.role,
        sourceCell(plan, i),
        i.host,
        i.state,
    ]);
    return tableWithDropped(fitTable(TABLE_HEAD, rows, { drop: DROP_ORDER, ...fit }), fit.width);
}

/** Every cluster: heading line, then its table, separated by blank lines. */
export function planText(plans: readonly ClusterPlan[], fit: FitOptions = {}): string {
    return plans.map((p) => `${clusterHeading(p, fit.width)}\n${clusterTable(p, fit)}\n`).join("\n");
}
