/**
 * The exporter's releases and default image per server version, and the judgement the policy pack shares
 * (components/runtime/exporter.ts): which servers need a release that reads SHOW REPLICA STATUS, which image
 * tags name such a release, and what the advice says.
 */
import fc from "fast-check";
import {
    defaultExporterImage,
    EXPORTER_RELEASES,
    exporterArgs,
    exporterImageVersion,
    exporterReplicaStatusProblem,
    exporterReplicaStatusSupport,
    isExporterImage,
    replicaStatusNeeded,
} from "../../components/runtime/exporter";
import { planOrThrow } from "../../components/planner/plan";
import type { Flavor } from "../../components/spec/types";

describe("which servers need a release that reads the MySQL 8.0.22+ replica status", () => {
    test.each<[Flavor, string, "slave-syntax" | "replica-syntax"]>([
        ["mysql", "5.7.29", "slave-syntax"],
        ["mysql", "8.0.21", "slave-syntax"],
        ["mysql", "8.0.22", "replica-syntax"],
        ["mysql", "8.0.40", "replica-syntax"],
        ["mysql", "8.4.3", "replica-syntax"],
        ["mysql", "9.1.0", "replica-syntax"],
        ["percona", "8.0.21", "slave-syntax"],
        ["percona", "8.4.2", "replica-syntax"],
        ["mariadb", "10.11.6", "slave-syntax"],
        ["mariadb", "11.4.3", "slave-syntax"],
    ])("%s %s: %s", (flavor, version, needed) => {
        expect(replicaStatusNeeded({ flavor, version })).toBe(needed);
    });
});

describe("the default image, per server version", () => {
    test("0.14.0 for MariaDB and MySQL before 8.0.22, 0.16.0 as soon as one server reports the new names", () => {
        expect(defaultExporterImage([{ flavor: "mysql", version: "5.7.29" }])).toBe("prom/mysqld-exporter:v0.14.0");
        expect(defaultExporterImage([{ flavor: "mariadb", version: "10.11.6" }])).toBe("prom/mysqld-exporter:v0.14.0");
        expect(defaultExporterImage([{ flavor: "mysql", version: "8.4.3" }])).toBe("prom/mysqld-exporter:v0.16.0");
        expect(
            defaultExporterImage([
                { flavor: "mysql", version: "8.0.21" },
                { flavor: "mysql", version: "8.4.3" },
            ]),
        ).toBe("prom/mysqld-exporter:v0.16.0");
    });

    test("the default never draws the advice, for any server version", () => {
        const versions = fc.tuple(fc.integer({ min: 5, max: 12 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 60 }));
        const flavors = fc.constantFrom<Flavor>("mysql", "percona", "mariadb");
        fc.assert(
            fc.property(fc.array(fc.record({ flavor: flavors, version: versions }), { minLength: 1, maxLength: 4 }), (servers) => {
                const ss = servers.map((s) => ({ flavor: s.flavor, version: s.version.join(".") }));
                const image = defaultExporterImage(ss);
                for (const s of ss) expect(exporterReplicaStatusProblem(s, image)).toBeUndefined();
            }),
        );
    });

    test("the planner resolves it from the cluster's instances; a user's metrics.image stays as written", () => {
        const tpl = (image: string) => ({ name: "main", image, replicas: 2 });
        expect(planOrThrow({ name: "a", templates: [tpl("mysql:5.7.29")] }).metrics.image).toBe("prom/mysqld-exporter:v0.14.0");
        expect(planOrThrow({ name: "a", templates: [tpl("mariadb:10.11.6")] }).metrics.image).toBe("prom/mysqld-exporter:v0.14.0");
        expect(planOrThrow({ name: "a", templates: [tpl("mysql:8.4.3")] }).metrics.image).toBe("prom/mysqld-exporter:v0.16.0");
        expect(planOrThrow({ name: "a", templates: [tpl("mysql:8.0.36")] }).metrics.image).toBe("prom/mysqld-exporter:v0.16.0");
        const own = planOrThrow({ name: "a", templates: [tpl("mysql:8.4.3")], metrics: { image: "prom/mysqld-exporter:v0.14.0" } });
        expect(own.metrics.image).toBe("prom/mysqld-exporter:v0.14.0");
    });

    test("one argument list for every release (the flags mean the same from 0.14.0 on)", () => {
        const args = exporterArgs({ myCnf: "/x/exporter.cnf", listenAddress: ":9104", mode: "async" });
        expect(args).toContain("--config.my-cnf=/x/exporter.cnf");
        expect(args).toContain("--collect.slave_status");
        expect(args.some((a) => /password|DATA_SOURCE_NAME|mysqld\.address/i.test(a))).toBe(false);
    });
});

describe("exporter images", () => {
    test.each([
        ["prom/mysqld-exporter:v0.14.0", "0.14.0", "slave-syntax"],
        ["prom/mysqld-exporter:v0.15.1", "0.15.1", "slave-syntax"],
        ["quay.io/prometheus/mysqld-exporter:v0.16.0", "0.16.0", "replica-syntax"],
        ["ghcr.io/prometheus/mysqld-exporter:v0.20.0", "0.20.0", "replica-syntax"],
        ["bitnami/mysqld-exporter:0.15.1-debian-12-r3", "0.15.1", "slave-syntax"],
        ["registry.example:5000/mirror/mysqld_exporter:0.17.2", "0.17.2", "replica-syntax"],
    ])("%s is release %s (%s)", (image, version, support) => {
        expect(isExporterImage(image)).toBe(true);
        const v = exporterImageVersion(image)!;
        expect(`${v.major}.${v.minor}.${v.patch}`).toBe(version);
        expect(exporterReplicaStatusSupport(image)).toBe(support);
    });

    test.each(["prom/mysqld-exporter:latest", "prom/mysqld-exporter@sha256:abc", "example/agent:1.0.0", "mysql:8.4.3"])(
        "%s names no known release: not judged",
        (image) => {
            expect(exporterReplicaStatusSupport(image)).toBeUndefined();
            expect(exporterReplicaStatusProblem({ flavor: "mysql", version: "8.4.3" }, image)).toBeUndefined();
        },
    );
});

describe("the advice", () => {
    test("MySQL 8.4 with 0.14.0: no replica status at all, the release to use and both sources", () => {
        const text = exporterReplicaStatusProblem({ flavor: "mysql", version: "8.4.3" }, "prom/mysqld-exporter:v0.14.0")!;
        expect(text).toContain("'prom/mysqld-exporter:v0.14.0' is mysqld_exporter 0.14.0");
        expect(text).toContain("MySQL 8.4.3 has no SHOW SLAVE STATUS");
        expect(text).toContain("MySQLReplicaNotReplicating fires for every replica");
        expect(text).toContain("https://dev.mysql.com/doc/refman/8.4/en/show-replica-status.html");
        expect(text).toContain(`metrics.image: ${EXPORTER_RELEASES.replicaSyntax.image}`);
        expect(text).toContain("https://github.com/prometheus/mysqld_exporter/releases/tag/v0.16.0");
    });

    test("MySQL 8.0.22..8.3: the deprecated statement answers with the new column names, the source label is empty", () => {
        const text = exporterReplicaStatusProblem({ flavor: "mysql", version: "8.0.36" }, "prom/mysqld-exporter:v0.15.1")!;
        expect(text).toContain("Source_* column names");
        expect(text).toContain("MySQLReplicationSourceUnexpected fires for every replica");
    });

    test("no advice for servers 0.14.0 reads, nor for 0.16.0 and later", () => {
        for (const [flavor, version] of [
            ["mysql", "5.7.29"],
            ["mysql", "8.0.21"],
            ["mariadb", "11.4.3"],
        ] as [Flavor, string][])
            expect(exporterReplicaStatusProblem({ flavor, version }, "prom/mysqld-exporter:v0.14.0")).toBeUndefined();
        expect(exporterReplicaStatusProblem({ flavor: "mysql", version: "8.4.3" }, "prom/mysqld-exporter:v0.16.0")).toBeUndefined();
    });
});
