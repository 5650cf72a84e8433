/**
 * The Myriad policy pack: `pulumi preview --policy-pack policies` (or `pulumi up --policy-pack policies`) on
 * this project or on any stack that uses the MySqlCluster component or hand-written MySQL StatefulSets.
 *
 * This file only constructs the pack from THE list in ./rules (the same list `myriad check` runs offline).
 * Constructing a PolicyPack starts a gRPC server, so nothing but the Pulumi CLI may import this file: tests
 * and the CLI import ./rules instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./rules";

new PolicyPack(PACK_NAME, {
    description:
        "Myriad: rejects MySQL, Percona Server and MariaDB version mixes, server_id collisions and settings that replication cannot survive, before deploy.",
    displayName: "Myriad MySQL replication policies",
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    tags: ["mysql", "mariadb", "percona", "kubernetes", "replication"],
    policies,
});
