/**
 * THE list of Myriad's policies. The policy pack (`policies/index.ts`) registers exactly this list, and
 * `myriad check` runs exactly this list offline: one implementation of each rule, one registration.
 *
 * Mandatory by default where the manuals say a combination is not supported; advisory otherwise. Every
 * policy's level can be changed through the pack's configuration (`--policy-pack-config`, or
 * `myriad check --policy-config`), see policies/config.example.json and docs/policies.md.
 */
import type { Policies } from "@pulumi/policy";
import type { MyriadPolicy } from "../lib/policy";
export { PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "../pack-identity";
import { claimsRetained } from "./claims-retained";
import { configDeprecatedOrUnknown } from "./config-deprecated-or-unknown";
import { configValidForVersion } from "./config-valid-for-version";
import { disruptionBudget } from "./disruption-budget";
import { durabilitySettings } from "./durability-settings";
import { explicitNames } from "./explicit-names";
import { flavorUniform } from "./flavor-uniform";
import { groupReplicationOperations } from "./group-replication-operations";
import { groupReplicationVersionCompatible } from "./group-replication-version-compatible";
import { imageVersionPinned } from "./image-version-pinned";
import { metricsPresent } from "./metrics-present";
import { probesPresent } from "./probes-present";
import { replicaSeedingMethod } from "./replica-seeding-method";
import { replicationAuthentication } from "./replication-authentication";
import { replicationVersionCompatible } from "./replication-version-compatible";
import { semisyncLossless } from "./semisync-lossless";
import { serverIdUnique } from "./server-id-unique";
import { tlsVersionAccepted } from "./tls-version-accepted";

/** Every policy, mandatory ones first. */
export const MYRIAD_POLICIES: readonly MyriadPolicy[] = [
    imageVersionPinned,
    flavorUniform,
    replicationVersionCompatible,
    groupReplicationVersionCompatible,
    serverIdUnique,
    configValidForVersion,
    probesPresent,
    replicaSeedingMethod,
    replicationAuthentication,
    groupReplicationOperations,
    configDeprecatedOrUnknown,
    durabilitySettings,
    semisyncLossless,
    claimsRetained,
    disruptionBudget,
    explicitNames,
    metricsPresent,
    tlsVersionAccepted,
];

/** The list as `@pulumi/policy` types it, for `new PolicyPack(..., { policies })`. */
export const policies: Policies = [...MYRIAD_POLICIES];

/** Policy names, in registration order. */
export const POLICY_NAMES: readonly string[] = MYRIAD_POLICIES.map((p) => p.name);
