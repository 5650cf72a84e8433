/**
 * `mysql-group-replication-operations` (stack policy, advisory by default), for group-mode clusters:
 * docs/compatibility.md#group-replication (election, group actions) through `groupOperations` (components/compat/group.ts). Advises when
 *
 * - the configured member weights cannot take effect (a 5.7 member is present, or the lowest version wins the
 *   election before weight does);
 * - the planned primary is not the member the election would choose (after a failover or a restart of the
 *   group), including when `group_replication_set_as_primary()` could not move the primary back to it;
 * - the planned primary ties with other members, so the random `server_uuid` decides;
 * - a member before 8.0.13 disables group actions (planned switchover, mode changes) for the whole group;
 * - a member that is alone on the lowest version cannot rejoin after a restart.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { groupOperations } from "../../components/compat/group";
import { validateGroups } from "../lib/group";

/** Policy name. */
export const NAME = "mysql-group-replication-operations";

/** The policy. */
export const groupReplicationOperations: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Advises when Group Replication member weights cannot take effect, when the election would not choose the planned primary, and when versions limit switchover or rejoining.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["mysql", "group-replication", "election"],
    remediationSteps:
        "Run the planned primary on the lowest version of the group with the highest weight, and finish mixed-version upgrades.",
    validateStack: validateGroups(groupOperations),
};
