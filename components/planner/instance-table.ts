/**
 * The instance table: the per-instance facts users see (`myriad plan`, the component's `instances` output).
 * One definition, shared by the component and the CLI.
 */
import type { InstancePlan, ClusterPlan } from "./types";

/** One row of the instance table; fields as documented on `InstancePlan`. */
export type InstanceRow = Pick<
    InstancePlan,
    "name" | "ordinal" | "template" | "image" | "flavor" | "version" | "serverId" | "role" | "source" | "host" | "state"
>;

/** One instance's row. */
export function instanceRow(i: InstancePlan): InstanceRow {
    return {
        name: i.name,
        ordinal: i.ordinal,
        template: i.template,
        image: i.image,
        flavor: i.flavor,
        version: i.version,
        serverId: i.serverId,
        role: i.role,
        source: i.source,
        host: i.host,
        state: i.state,
    };
}

/** The instance table of a plan, sorted by ordinal. */
export function instanceTable(plan: ClusterPlan): InstanceRow[] {
    return plan.instances.map(instanceRow);
}
