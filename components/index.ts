/**
 * The public API of `myriad/components`: what another stack's program needs to create clusters and read their
 * plan. Everything else under components/ is internal; import it by path inside this repository only.
 */

// The component.
export {
    MySqlCluster,
    MYSQL_CLUSTER_TYPE,
    instanceTable,
    rolloutOrder,
    type MySqlClusterArgs,
    type MySqlClusterOptions,
    type PlannedCluster,
    type InstanceRow,
} from "./cluster/mysql-cluster";

// The specification: its types, defaults and limits, and the error an invalid one throws.
export type * from "./spec/types";
export { DEFAULTS, COMPONENT_DEFAULTS } from "./spec/defaults";
export { MAX_SERVER_ID } from "./spec/limits";
export { InvalidSpecError, formatError, type StructuralError } from "./spec/errors";

// The planner's entry points and the plan they return.
export { planCluster, planClusters, planOrThrow, planStack, type PlanResult } from "./planner/plan";
export type * from "./planner/types";
export { clusterObjectNames, objectNamesOf, instanceHost } from "./planner/naming";

// Reading a server version from an image reference, as the planner does.
export { parseImage, flavorFromImage, versionFromImage, type ImageRef } from "./versions/image";
export { parseVersion, formatVersion, compareVersions, type ServerVersion } from "./versions/version";
