/**
 * `mysql-group-replication-version-compatible` (stack policy, mandatory by default), for group-mode clusters:
 * docs/compatibility.md#group-replication through `groupCompatibility` (components/compat/group.ts):
 *
 * - Group Replication needs MySQL or Percona Server 5.7.17 or later (MariaDB has none);
 * - a member of a lower version than the bootstrap member cannot join (patch granularity from 8.0.17, major
 *   version only for 5.7 and 8.0.16 or earlier; every 8.4.x may join a group of 8.4.x members);
 * - a consistency level other than EVENTUAL needs every member on 8.0.14 or later.
 *
 * Election order, weights, switchover (group actions need 8.0.13+) and rejoin after a restart are advised by
 * `mysql-group-replication-operations`.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { groupCompatibility } from "../../components/compat/group";
import { validateGroups } from "../lib/group";

/** Policy name. */
export const NAME = "mysql-group-replication-version-compatible";

/** The policy. */
export const groupReplicationVersionCompatible: StackValidationPolicy & { enforcementLevel: "mandatory" } = {
    name: NAME,
    description:
        "Rejects Group Replication clusters whose members cannot join the group or cannot honour its consistency level because of their server versions or flavor.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["mysql", "group-replication", "versions"],
    remediationSteps:
        "Bootstrap the group on its lowest version, keep every member on MySQL or Percona 5.7.17+ (8.0.14+ for consistency levels).",
    validateStack: validateGroups(groupCompatibility),
};
