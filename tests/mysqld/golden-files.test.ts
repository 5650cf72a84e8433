/**
 * Golden copies of the files a pod reads: the my.cnf and the shared environment file of each template and role,
 * for each flavour, version band and mode. A renderer change shows up here as a diff to review.
 * Regenerate after an intended change: `UPDATE_GOLDEN=1 npx jest tests/mysqld/golden-files`, then review `git diff tests/golden`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderMyCnf } from "../../components/runtime/my-cnf";
import { planOrThrow } from "../../components/planner/plan";
import type { ClusterPlan } from "../../components/planner/types";
import { configGroups } from "../../components/resources/configmaps";
import { renderEnvFile, sharedEnv } from "../../components/runtime/env";
import type { ClusterSpec } from "../../components/spec/types";

const FILES = path.join(__dirname, "..", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const GROUP_NAME = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

function one(name: string, image: string, mode: ClusterSpec["mode"] = "async"): ClusterSpec {
    return { name: "orders", namespace: "shop", mode, templates: [{ name, image, replicas: 3 }] };
}

/** Each case: a cluster whose every template and role gets its own pair of golden files. */
const CASES: Record<string, ClusterSpec> = {
    "mysql-5.7-async": one("main", "mysql:5.7.29"),
    "mysql-8.0-semisync": one("main", "mysql:8.0.40", "semisync"),
    "mysql-8.0.25-semisync": one("main", "mysql:8.0.25", "semisync"),
    "mysql-8.4-async": one("main", "mysql:8.4.3"),
    "mysql-8.0-group": one("main", "mysql:8.0.36", "group"),
    "percona-8.0-async": one("main", "percona/percona-server:8.0.36-28"),
    "mariadb-10.11-semisync": one("main", "mariadb:10.11.6", "semisync"),
    "mariadb-11.4-async": one("main", "mariadb:11.4.2"),
    "mixed-8.0-primary-8.4-canary": {
        name: "orders",
        namespace: "shop",
        offlineInstances: [1],
        templates: [
            { name: "stable", image: "mysql:8.0.40", replicas: 3, ordinals: { start: 0, end: 9 } },
            { name: "canary", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 10, end: 19 }, config: { max_connections: 500 } },
        ],
    },
    "mixed-5.7-replica-of-8.4": {
        name: "orders",
        namespace: "shop",
        templates: [
            { name: "new", image: "mysql:8.4.3", replicas: 2, ordinals: { start: 0, end: 9 } },
            { name: "old", image: "mysql:5.7.29", replicas: 1, ordinals: { start: 10, end: 19 } },
        ],
    },
};

function rendered(plan: ClusterPlan): Record<string, string> {
    const out: Record<string, string> = {};
    for (const g of configGroups(plan)) {
        const first = g.instances[0];
        const base = `${g.template}-${g.role}`;
        out[`${base}.my.cnf`] = renderMyCnf(plan, first, plan.mode === "group" ? { groupName: GROUP_NAME } : {});
        out[`${base}.myriad.env`] = renderEnvFile(sharedEnv(plan, first));
    }
    return out;
}

describe.each(Object.entries(CASES))("golden files: %s", (name, spec) => {
    const dir = path.join(FILES, name);
    const files = rendered(planOrThrow(spec));

    if (UPDATE) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    }

    test("the same files exist", () => {
        expect(fs.readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
    });

    test.each(Object.keys(files))("%s is unchanged", (file) => {
        expect(files[file]).toBe(fs.readFileSync(path.join(dir, file), "utf8"));
    });
});
