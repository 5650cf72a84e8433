/**
 * No configuration can inject a setting or a group into a rendered file. For any `config` key and value the
 * planner accepts, the rendered my.cnf reads back (with the one option-file reader) as exactly the settings
 * Myriad renders plus that one setting; whatever the planner refuses, the writers refuse too (the renderer never
 * passes a line break through). The same for the environment file and the mysqld arguments.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { instanceServerArgs, renderMyCnf, serverArg } from "../../components/runtime/my-cnf";
import { canonicalOption, formatOptionScalar, readOptionFile, writeOptionFile } from "../../components/mysqld/option-file";
import { planClusters, type PlanResult } from "../../components/planner/plan";
import type { ClusterPlan } from "../../components/planner/types";
import { renderEnvFile, sharedEnv } from "../../components/runtime/env";
import type { MysqldOptionValue } from "../../components/spec/types";
import { commandPath, missingCommands, testWhen } from "../helpers/requires";

const IMAGES = ["mysql:8.0.36", "mysql:5.7.44", "mariadb:10.11.6", "mysql:8.4.3"];

function planWith(image: string, config: Record<string, MysqldOptionValue>): PlanResult {
    return planClusters([{ name: "orders", templates: [{ name: "main", image, replicas: 2, config }] }]);
}

function ok(result: PlanResult): ClusterPlan {
    if (result.errors.length) throw new Error(JSON.stringify(result.errors));
    return result.plans[0];
}

/** Every [mysqld] entry of a file, by canonical name; the file has no other group and nothing the server refuses. */
function settings(text: string): Map<string, string | undefined> {
    const file = readOptionFile(text);
    expect(file.problems).toEqual([]);
    expect(file.includes).toEqual([]);
    expect(file.groups).toEqual(["mysqld"]);
    const out = new Map<string, string | undefined>();
    for (const e of file.entries) {
        expect(out.has(canonicalOption(e.name))).toBe(false);
        out.set(canonicalOption(e.name), e.value);
    }
    return out;
}

/** Characters that mean something to an option file, a shell or a line reader, with ordinary ones. */
const special = fc.constantFrom(
    ..."aZ09_-. =#;[]!'\"\\\n\r\t\0\u000b\u000c\u2028\u0085é$`|&*".split(""),
    "loose_",
    "gtid_mode",
    "read_only = OFF",
    "[client]",
    "!include /etc/passwd",
    "\\n",
);
const keyArb = fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9_-]{0,30}$/),
    fc.string({ unit: special, maxLength: 6 }).map((s) => `max${s}`),
    fc.string({ unit: special, maxLength: 6 }),
);
const valueArb: fc.Arbitrary<MysqldOptionValue> = fc.oneof(
    fc.string({ unit: special, maxLength: 12 }),
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
);

describe("renderMyCnf cannot be injected into", () => {
    const base = new Map(IMAGES.map((image) => [image, ok(planWith(image, {}))]));

    it("what the planner accepts reads back as the rendered settings plus that one setting; the rest is refused", () => {
        let accepted = 0;
        fc.assert(
            fc.property(fc.constantFrom(...IMAGES), keyArb, valueArb, (image, key, value) => {
                const result = planWith(image, { [key]: value });
                if (result.errors.length) {
                    // Refused: a structural error names the key's path.
                    expect(result.errors.some((e) => e.path.startsWith("clusters[0].templates[0].config."))).toBe(true);
                    return;
                }
                accepted++;
                const plan = ok(result);
                const basePlan = base.get(image)!;
                for (const [i, inst] of plan.instances.entries()) {
                    const expected = settings(renderMyCnf(basePlan, basePlan.instances[i]));
                    expected.set(canonicalOption(key), formatOptionScalar(value));
                    expect(settings(renderMyCnf(plan, inst))).toEqual(expected);
                }
            }),
            { numRuns: 400 },
        );
        expect(accepted).toBeGreaterThan(50);
    });

    it.each([
        ["max_connections", "100\ngtid_mode = OFF\nread_only = OFF\nsuper_read_only = OFF"],
        ["max_connections", "1\n[client]\npassword=x"],
        ["max connections", 100],
        ["max_connections = 1\nread_only", "OFF"],
    ])("the planner refuses %j = %j", (key, value) => {
        const result = planWith("mysql:8.0.36", { [key]: value });
        expect(result.errors.map((e) => e.path)).toEqual([
            `clusters[0].templates[0].config.${key.includes(" ") ? JSON.stringify(key) : key}`,
        ]);
    });

    it("the renderer itself escapes a value the planner would refuse, so no line is added", () => {
        const plan = ok(planWith("mysql:8.0.36", { max_connections: 100 }));
        const inst = { ...plan.instances[1], config: { max_connections: "100\ngtid_mode = OFF\nread_only = OFF\n[client]\npassword=x" } };
        const kv = settings(renderMyCnf(plan, inst));
        expect(kv.get("max_connections")).toBe(inst.config.max_connections);
        expect(kv.get("gtid_mode")).toBe("ON");
        expect(kv.get("read_only")).toBe("ON");
        expect(kv.has("password")).toBe(false);
    });

    const loader = commandPath("my_print_defaults");
    const needs = {
        missing: missingCommands(["my_print_defaults"]),
        install: "apt-get install -y mariadb-client (.ci/install-servers.sh)",
    };
    testWhen("the real loader (my_print_defaults) finds no injected option or group in that file either", needs, () => {
        const plan = ok(planWith("mysql:8.0.36", {}));
        const inst = { ...plan.instances[1], config: { max_connections: "100\ngtid_mode = OFF\nread_only = OFF\n[client]\npassword=x" } };
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inject-"));
        try {
            const file = path.join(dir, "my.cnf");
            fs.writeFileSync(file, renderMyCnf(plan, inst));
            const print = (group: string) => execFileSync(loader!, [`--defaults-file=${file}`, group], { encoding: "utf8" });
            expect(print("client")).toBe("");
            const printed = print("mysqld");
            expect(printed.split("\n").filter((l) => /^--(gtid_mode|read_only)=/.test(l))).toEqual(["--gtid_mode=ON", "--read_only=ON"]);
            // The one value keeps its line breaks inside it (the server then refuses it as a number).
            expect(printed).toContain("--max_connections=100\ngtid_mode = OFF\nread_only = OFF\n[client]\npassword=x\n");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it.each(["max connections", "a=b", "[client]", "a\nread_only", "#x", "", "!include", "loose_"])(
        "the renderer refuses the key %j",
        (key) => {
            const plan = ok(planWith("mysql:8.0.36", {}));
            expect(() => renderMyCnf(plan, { ...plan.instances[0], config: { [key]: 1 } })).toThrow(/option name/);
        },
    );

    it("the writer round-trips any value under any name of the grammar, and refuses every other name", () => {
        fc.assert(
            fc.property(keyArb, fc.string(), (name, value) => {
                let text: string;
                try {
                    text = writeOptionFile([{ group: "mysqld" }, { option: name, value }]);
                } catch (e) {
                    // The grammar: letters, digits, '_' and '-', starting with a letter, also after a loose- prefix.
                    expect(/^[A-Za-z][A-Za-z0-9_-]*$/.test(name) && !/^loose[-_](?![A-Za-z])/i.test(name)).toBe(false);
                    expect(String(e)).toMatch(/option name|line break/);
                    return;
                }
                if (value.includes("\0")) throw new Error("NUL written");
                expect(readOptionFile(text).entries.map((e) => [e.group, e.name, e.value])).toEqual([["mysqld", name, value]]);
            }),
        );
    });
});

describe("the environment file and the mysqld arguments", () => {
    const plan = ok(planWith("mysql:8.0.36", {}));

    it("the environment file refuses a value that is not one printable line", () => {
        const env = sharedEnv(plan, plan.instances[1]);
        expect(
            renderEnvFile(env)
                .split("\n")
                .filter((l) => l.startsWith("MYRIAD_")).length,
        ).toBe(Object.keys(env).length);
        for (const bad of ["a\nMYRIAD_ROLE=primary", "a\rb", "a\0", "a\u2028b", "a\u001bb"])
            expect(() => renderEnvFile({ ...env, MYRIAD_CLUSTER: bad })).toThrow(/MYRIAD_CLUSTER/);
        expect(() => renderEnvFile({ "MYRIAD_A\nB": "1" })).toThrow(/invalid variable name/);
    });

    it("each argument is one --name=value word; a space, a control character or a name outside the grammar is refused", () => {
        for (const inst of plan.instances) for (const arg of instanceServerArgs(plan, inst)) expect(arg).toMatch(/^--[a-z][a-z0-9-]*=\S+$/);
        expect(serverArg("report_host", "a.b")).toBe("--report-host=a.b");
        for (const value of ["a b", "a\n--read-only=OFF", "", "a\tb"]) expect(() => serverArg("report_host", value)).toThrow(/report_host/);
        for (const key of ["report host", "a=b", "-x"]) expect(() => serverArg(key, 1)).toThrow(/not an option name/);
    });
});
