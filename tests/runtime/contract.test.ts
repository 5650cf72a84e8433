/**
 * The runtime contract (components/runtime/contract.ts) is the one statement of what the scripts, the pod and
 * the docs share: the scripts use its names and markers, every tunable reaches them with its default through
 * the rendered environment (pods and local runs alike), and the docs state the same defaults.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { DATA_DIR_MARKERS, SCRIPT_TUNABLES, SECRET_KEYS, USERS, tunableDefaults } from "../../components/runtime/contract";
import { instanceEnv, sharedEnv } from "../../components/runtime/env";
import { SCRIPT_FILES, scriptSources } from "../../components/runtime/scripts";
import { planOrThrow } from "../../components/planner/plan";
import { instancePaths, localEnv } from "../../infra/local/instance";

const ROOT = path.resolve(__dirname, "..", "..");
const doc = (name: string) => readFileSync(path.join(ROOT, "docs", name), "utf8");
const TUNABLES = Object.keys(SCRIPT_TUNABLES) as (keyof typeof SCRIPT_TUNABLES)[];
const plan = planOrThrow({ name: "shop", flavor: "mariadb", templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 2 }] });

/** The docs/runtime.md table of the tunables, as rendered from SCRIPT_TUNABLES. */
function tunablesTable(): string {
    const rows = Object.entries(SCRIPT_TUNABLES).map(
        ([name, t]) => `| \`${name}\` | ${t.default === "" ? "(empty)" : `\`${t.default}\``} | ${t.description} |`,
    );
    return ["| Variable | Default | What it sets |", "|---|---|---|", ...rows].join("\n");
}

describe("tunables: one statement of their defaults", () => {
    test("docs/runtime.md's table is SCRIPT_TUNABLES (regenerate it from tunablesTable() when this fails)", () => {
        const m = /<!-- tunables:begin -->\n([\s\S]*?)\n?<!-- tunables:end -->/.exec(doc("runtime.md"));
        expect(m).not.toBeNull();
        expect(m![1].trim()).toBe(tunablesTable());
    });

    test.each(["runtime.md", "probes.md"])("every default %s states in prose is SCRIPT_TUNABLES'", (file) => {
        const stated = [...doc(file).matchAll(/`(MYRIAD_[A-Z0-9_]+)` (?:\(|= )(\d+)/g)].filter((m) => m[1] in SCRIPT_TUNABLES);
        expect(stated.length).toBeGreaterThan(0);
        for (const [, name, value] of stated)
            expect({ name, value }).toEqual({ name, value: SCRIPT_TUNABLES[name as keyof typeof SCRIPT_TUNABLES].default });
    });

    test("the scripts state no default of their own and require every tunable they read", () => {
        const all = SCRIPT_FILES.map((f) => scriptSources()[f]).join("\n");
        for (const name of TUNABLES) {
            expect({ name, defaulted: new RegExp(`\\$\\{${name}:?[-=]`).test(all) }).toEqual({ name, defaulted: false });
            expect({ name, used: new RegExp(`\\$\\{?${name}\\b`).test(all) }).toEqual({ name, used: true });
        }
        const required = new Set(
            [...all.matchAll(/myriad_require_tunables((?:[ \t]+(?:\\\n[ \t]*)?MYRIAD_[A-Z0-9_]+)+)/g)].flatMap((m) =>
                m[1].split(/[\s\\]+/).filter(Boolean),
            ),
        );
        expect([...required].sort()).toEqual([...TUNABLES].sort());
        expect(all).not.toMatch(/:-[0-9]{2,}\}/); // no numeric fallbacks (timeouts, intervals) left anywhere
    });

    test("instanceEnv renders every tunable at its default into the shared environment file; overrides win", () => {
        for (const inst of plan.instances) {
            expect(sharedEnv(plan, inst)).toMatchObject(tunableDefaults());
            expect(instanceEnv(plan, inst, { MYRIAD_PEER_WAIT_SECONDS: "7" }).MYRIAD_PEER_WAIT_SECONDS).toBe("7");
        }
    });

    test("the local runner provides every tunable (its own shorter waits, the rest at their defaults)", () => {
        const inst = plan.instances[1];
        const env = localEnv(
            plan,
            inst,
            new Map([
                [0, { host: "127.0.0.2", port: 24000 }],
                [1, { host: "127.0.0.3", port: 24001 }],
            ]),
            "/usr/sbin/mariadbd",
            instancePaths("/tmp/x", "shop", inst.name),
            "/tmp/x/secrets",
            "/tmp/x/scripts",
        );
        for (const name of TUNABLES) expect({ name, set: name in env }).toEqual({ name, set: true });
        expect(env.MYRIAD_CONNECT_TIMEOUT).toBe(SCRIPT_TUNABLES.MYRIAD_CONNECT_TIMEOUT.default);
    });
});

describe("the scripts use the contract's names", () => {
    // init.sh and the concern files it sources.
    const init = (["init.sh", "accounts.sh", "bootstrap.sh", "promotion.sh", "replication.sh", "seeding.sh"] as const)
        .map((f) => scriptSources()[f])
        .join("\n");
    const postStart = scriptSources()["post-start.sh"];

    test("data directory markers", () => {
        expect(init).toContain(`MARKER_DONE=${DATA_DIR_MARKERS.done}\n`);
        expect(init).toContain(`MARKER_PENDING=${DATA_DIR_MARKERS.pending}\n`);
        expect(init).toContain(`MARKER_GROUP_BOOTSTRAP=${DATA_DIR_MARKERS.groupBootstrap}\n`);
        expect(init).toContain(`STAGING_NAME=${DATA_DIR_MARKERS.staging}\n`);
        expect(postStart).toContain(`/${DATA_DIR_MARKERS.groupBootstrap}"`);
        expect(postStart).toContain(`/${DATA_DIR_MARKERS.heldReadOnly}"`);
        expect(scriptSources()["probe.sh"]).toContain(`/${DATA_DIR_MARKERS.heldReadOnly}"`);
    });

    test("accounts", () => {
        for (const user of Object.values(USERS)) expect(init).toContain(`CREATE USER IF NOT EXISTS '${user}'@'%'`);
        expect(init).toContain(`user NOT IN ('', '${USERS.root}', '${USERS.replication}', '${USERS.monitor}')`);
    });

    test("every credentials file a script reads is a key of the Secret", () => {
        const all = SCRIPT_FILES.map((f) => scriptSources()[f]).join("\n");
        const read = new Set([
            ...[...all.matchAll(/MYRIAD_SECRETS_DIR\}?\/([a-z.-]+)/g)].map((m) => m[1]),
            ...[...all.matchAll(/myriad_secret ([a-z-]+)/g)].map((m) => m[1]),
        ]);
        expect(read.size).toBeGreaterThanOrEqual(5);
        for (const f of read) expect(Object.values(SECRET_KEYS)).toContain(f);
    });
});
