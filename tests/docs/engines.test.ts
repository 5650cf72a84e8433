/**
 * The Node.js range package.json states (and the README repeats) is true for every installed dependency:
 * each package of the lockfile that declares `engines.node` supports the whole range, so
 * `npm ci --engine-strict` works on every Node version the range admits.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { engines?: { node?: string } | string[] }>;
};

test("every dependency of the lockfile supports the stated Node.js range", () => {
    const range = pkg.engines.node;
    const narrower = Object.entries(lock.packages)
        .map(([name, p]) => [name, Array.isArray(p.engines) ? undefined : p.engines?.node] as const)
        .filter((e): e is readonly [string, string] => typeof e[1] === "string")
        .filter(([, needs]) => !semver.subset(range, needs))
        .map(([name, needs]) => `${name} needs node ${needs}`);
    expect(narrower).toEqual([]);
});

test("the README states the same range", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const lows = pkg.engines.node.split(" || ").map((r) => /^(?:\^|>=)(\d+(?:\.\d+)?)(?:\.0)*$/.exec(r)?.[1]);
    expect(lows).not.toContain(undefined);
    expect(readme).toContain(
        `You need Node.js ${lows
            .map((l) => `${l}+`)
            .join(", ")
            .replace(/, ([^,]+)$/, " or $1")} (`,
    );
});
