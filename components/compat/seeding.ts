/**
 * How each replica will be seeded, and whether any supported method can seed it. The decision itself is the
 * dialect's `seedingDecision` (components/mysqld/dialect.ts, mysql-compat.md §5 CLONE, §1.2 dump/load, §6) —
 * the same function the bootstrap scripts are rendered from; this module only turns it into findings:
 *
 * - `clone`: nothing to report.
 * - `logical` while the versions differ: a warning naming the method and why CLONE cannot be used (a logical
 *   copy is slower and takes a brief global read lock on the donor).
 * - `none`: an error — no supported method can seed this replica. A compatible MySQL pair always has a
 *   logical copy (older to newer series), so this happens only for pairs the edge rules also reject (a newer
 *   donor, MySQL and MariaDB GTIDs).
 */
import { seedingDecision, type SeedingMethod } from "../mysqld/dialect";
import { compareVersions } from "../versions/version";
import { describeMember, finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";

/** The seeding method of one replica and the finding to report, if any. */
export interface SeedingVerdict {
    method: SeedingMethod;
    /** The dialect's explanation. */
    reason: string;
    finding?: Finding;
}

/** Seeding of `recipient` from `donor` (its replication source, or a group's bootstrap member). */
export function seedingFor(donor: Member, recipient: Member): SeedingVerdict {
    const d = seedingDecision({ flavor: donor.flavor, version: donor.version }, { flavor: recipient.flavor, version: recipient.version });
    if (d.method === "none") {
        return {
            ...d,
            finding: finding({
                code: "seeding/none", severity: "error", members: [recipient, donor],
                problem: `no supported method can seed ${describeMember(recipient)} from ${describeMember(donor)}: ${d.reason}`,
                rule: RULES.clone,
                fix: `seed ${recipient.name} from a donor of the same flavour that is not newer than it: keep the source on the oldest version of the cluster, or run ${recipient.name} on the source's flavour and version or later`,
            }),
        };
    }
    const sameVersion = donor.flavor === recipient.flavor && compareVersions(donor.version, recipient.version) === 0;
    if (d.method === "logical" && !sameVersion) {
        return {
            ...d,
            finding: finding({
                code: "seeding/logical", severity: "warning", members: [recipient, donor],
                problem: `${describeMember(recipient)} will be seeded from ${describeMember(donor)} by a logical copy (consistent dump with the GTID state, a brief global read lock on the donor, slower than CLONE for large data sets): ${d.reason}`,
                rule: RULES.clone,
                fix: `expect the first start of ${recipient.name} to take as long as a full dump and load; to seed with CLONE instead, add the replica on the donor's exact version first and upgrade it in place afterwards`,
            }),
        };
    }
    return d;
}
