/**
 * `mysql-flavor-uniform` (stack policy, mandatory by default).
 *
 * MySQL and Percona Server may be mixed in one cluster (Percona is a drop-in replacement following the same
 * rules, docs/compatibility.md#percona-server); MariaDB never mixes with either (MySQL and MariaDB GTIDs are
 * incompatible and "MySQL cannot be a replica for a MariaDB primary", docs/compatibility.md#mariadb). Also rejected: a workload whose `myriad.dev/flavor`
 * label contradicts its image.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { formatFinding } from "../../components/compat/finding";
import { RULES } from "../../components/compat/references";
import { KEYS } from "../../components/resources/labels";
import { flavorFromImage } from "../../components/versions/image";
import { formatVersion } from "../../components/versions/version";
import { names, requireWorkloads } from "../lib/policy";
import type { MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-flavor-uniform";

function describe(w: MysqlWorkload): string {
    return `${w.name} (${w.flavor}${w.version ? ` ${formatVersion(w.version)}` : ""})`;
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const model = requireWorkloads(args);
    for (const w of model.workloads) {
        const fromImage = w.image ? flavorFromImage(w.image) : undefined;
        if (w.flavorSource === "label" && fromImage && fromImage !== w.flavor && !(fromImage !== "mariadb" && w.flavor !== "mariadb")) {
            report(
                formatFinding(
                    `${w.display}: the label ${KEYS.flavor}=${w.flavor} contradicts the image '${w.image}', which is ${fromImage}`,
                    RULES.flavorUniform,
                    `use a ${w.flavor} image or correct the label to ${fromImage}`,
                ),
                w.resource.urn,
            );
        }
    }
    for (const [key, members] of model.clusters) {
        const maria = members.filter((w) => w.flavor === "mariadb");
        const mysql = members.filter((w) => w.flavor !== "mariadb");
        if (maria.length === 0 || mysql.length === 0) continue;
        const minority = maria.length <= mysql.length ? maria : mysql;
        const family = (ws: MysqlWorkload[]) => ws.map(describe).join(", ");
        report(
            formatFinding(
                `cluster ${key} mixes MariaDB (${family(maria)}) with MySQL/Percona (${family(mysql)})`,
                RULES.flavorUniform,
                `run every instance of the cluster on one family: move ${names(minority)} to ${minority === maria ? "a MySQL or Percona image" : "a MariaDB image"}, ` +
                    "or split them into a separate cluster (migrate between families outside Myriad)",
            ),
            minority[0].resource.urn,
        );
    }
}

/** The policy. */
export const flavorUniform: StackValidationPolicy & { enforcementLevel: "mandatory" } = {
    name: NAME,
    description:
        "Rejects clusters that mix MariaDB with MySQL or Percona Server, and workloads whose flavor label contradicts their image.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["mysql", "mariadb", "flavor"],
    remediationSteps: "Run every instance of a cluster on MySQL/Percona or on MariaDB, never both.",
    validateStack: validate,
};
