/**
 * Version-compatibility rules: THE one implementation, used by the policy pack (`policies/`), by
 * `myriad check` and quoted by docs/policies.md. Pure functions, no Pulumi, no I/O.
 */
export * from "./finding";
export { RULES } from "./references";
export * from "./release-model";
export * from "./replication";
export * from "./in-place";
export * from "./authentication";
export * from "./seeding";
export * from "./support";
export * from "./group";
export * from "./topology";
export * from "./settings";
export * from "./backup";
