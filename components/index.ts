export * from "./spec/types";
export * from "./spec/errors";
export * from "./planner/types";
export { planClusters, planCluster, planOrThrow, objectNamesOf, type PlanResult } from "./planner/plan";
export { DEFAULTS, MAX_SERVER_ID } from "./planner/validate";
export * from "./planner/naming";
export * from "./versions/version";
export * from "./versions/image";
