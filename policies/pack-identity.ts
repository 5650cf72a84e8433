/**
 * The pack's identity, in a module of its own with no imports so that the CLI can name the pack in its help
 * without loading the policies.
 */

/** Name of the policy pack (`new PolicyPack(PACK_NAME, ...)`). */
export const PACK_NAME = "myriad-mysql";

/** The pack-wide default enforcement level; each policy sets its own. */
export const PACK_ENFORCEMENT_LEVEL = "advisory" as const;
