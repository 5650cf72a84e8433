/**
 * Day-2 changes on real servers (MariaDB 10.11 and MySQL 5.7), applied with `myriad local apply`: a declared
 * switchover under an application's write load (never two writable instances, every acknowledged write on every
 * instance, verify healthy, the longest pause in acknowledged writes reported: docs/upgrading.md#switchover), a
 * declared failover after kill -9 of the primary (the less advanced replica is refused naming the better one; the
 * old primary comes back holding a transaction nobody received: it refuses to replicate and verify names it), and
 * a change that adds an instance, takes one offline and changes a setting.
 */
import * as fs from "node:fs";
import { TestCluster, writeConfig } from "./cluster";
import { failoverScenario, mixedChange, switchoverUnderLoad, type Day2Target } from "./day2";
import { describeReal, scratchDir } from "./harness";

jest.setTimeout(300000);

function target(name: string, flavor: "mariadb" | "mysql"): Day2Target {
    const clusters = () => [
        {
            name,
            ...(flavor === "mariadb" ? { flavor: "mariadb" } : {}),
            maxReplicaLagSeconds: 5,
            templates: [{ name: "main", image: flavor === "mariadb" ? "mariadb:10.11.6" : "mysql:5.7.29", replicas: 3 }],
        },
    ];
    return {
        name,
        clusters,
        stopReplica: "STOP SLAVE",
        writableSql:
            flavor === "mariadb"
                ? "SELECT IF(@@GLOBAL.read_only = 0, 1, 0) AS w"
                : "SELECT IF(@@GLOBAL.read_only = 0 AND @@GLOBAL.super_read_only = 0, 1, 0) AS w",
    };
}

async function up(t: Day2Target): Promise<TestCluster> {
    return TestCluster.up(writeConfig(scratchDir("config"), `${t.name}.yaml`, t.clusters()));
}

/** Records a measured pause for the docs (docs/upgrading.md quotes the runs). */
function report(what: string, ms: number): void {
    console.log(`${what}: longest pause in acknowledged writes ${(ms / 1000).toFixed(1)} s`);
    if (process.env.MYRIAD_PAUSE_LOG) fs.appendFileSync(process.env.MYRIAD_PAUSE_LOG, `${what}\t${ms}\n`);
}

for (const [flavor, needs] of [
    ["mariadb", ["mariadb", "client"]],
    ["mysql", ["mysql57", "client"]],
] as const) {
    describeReal(`day-2 changes with myriad local apply (${flavor === "mariadb" ? "MariaDB 10.11" : "MySQL 5.7"})`, needs, () => {
        it("switchover under the application's write load: one writable instance at every moment, every acknowledged write everywhere, verify healthy", async () => {
            const t = target(flavor === "mariadb" ? "swm" : "sws", flavor);
            const c = await up(t);
            try {
                const pause = await switchoverUnderLoad(c, t);
                report(`switchover ${flavor}`, pause);
                // The speed is the benchmark's to measure (a loaded machine stretches it); here the switchover must
                // only finish inside its own timeout (MYRIAD_SWITCHOVER_TIMEOUT_SECONDS, 60 s), not by giving up.
                expect(pause).toBeLessThan(60000);
            } finally {
                await c.down();
            }
        });

        it("failover after kill -9: the most advanced replica is promoted (the other is refused naming it); the old primary refuses to replicate its errant transaction and verify names it", async () => {
            const t = target(flavor === "mariadb" ? "fom" : "fos", flavor);
            const c = await up(t);
            try {
                await failoverScenario(c, t);
            } finally {
                await c.down();
            }
        });

        // MySQL 5.7 seeds a new replica by a logical copy with MySQL's mysqldump, which these machines lack (only
        // MariaDB's): the MySQL cluster holds no user data, so the new instance copies the GTID state only.
        it(`a change that adds an instance, takes one offline and changes a setting, applied and verified${flavor === "mysql" ? " (no user data)" : ""}`, async () => {
            const t = target(flavor === "mariadb" ? "mxm" : "mxs", flavor);
            const c = await up(t);
            try {
                await mixedChange(c, t, flavor === "mariadb");
            } finally {
                await c.down();
            }
        });
    });
}
