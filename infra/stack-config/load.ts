/**
 * Loading a stack's configuration outside Pulumi: where a command's clusters come from, `--stack NAME` (a
 * Pulumi stack file) or `--config FILE` (a YAML or JSON file). Shared by every command that reads
 * `myriad:clusters` (plan, render, check, local, verify): infra/cli/source-options.ts declares the options and
 * {@link loadSource} reads them. Errors are `CliError`s (exit 2) that name the file and say how to fix it.
 *
 * Stack files are found the way Pulumi finds them: the nearest `Pulumi.yaml` at or above the working
 * directory gives the project directory and its `stackConfigDir` (default: the project directory); the
 * stack `NAME` is read from `<stackConfigDir>/Pulumi.NAME.yaml`. Without a `Pulumi.yaml` above the working
 * directory, the Myriad package's own project (and its `stacks/`) is used, so `myriad plan --stack dev`
 * works from anywhere.
 *
 * `--config FILE` accepts either the stack-file layout (`config: { myriad:clusters: [...] }`) or a bare
 * YAML/JSON list of clusters.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { CLUSTERS_CONFIG_KEY } from "../program/config-key";
import { checkStackKeys } from "../program/stack-keys";
import { InvalidSpecError } from "../../components/spec/errors";
import { CliError } from "../base/exit";
import { readTextFile, yamlSyntaxError } from "../base/file-errors";

/** The options `--stack` / `--config` (infra/cli/source-options.ts), as commander hands them to the action. */
export interface SourceOptions {
    /** `--stack NAME`. */
    stack?: string;
    /** `--config FILE`. */
    config?: string;
}

/** A loaded configuration: the raw value of `myriad:clusters` and where it came from. */
export interface ConfigSource {
    /** `stack` or `file`. */
    kind: "stack" | "file";
    /** Human-readable origin, e.g. `stack 'dev' (stacks/Pulumi.dev.yaml)`. */
    description: string;
    /** Absolute path of the file read. */
    file: string;
    /** Stack name when `kind` is `stack`. */
    stack?: string;
    /** The raw (unvalidated) value of `myriad:clusters`, to be given to `planStack`. */
    clusters: unknown;
    /**
     * Every stack configuration value of the source (`namespace:key` -> value), `myriad:clusters` included, for
     * commands that run the program under mocks (e.g. `myriad:protect`). A bare list yields only `myriad:clusters`.
     */
    config: Record<string, unknown>;
}

/** Names the project files Pulumi recognises. */
const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/** The nearest directory at or above `start` holding a Pulumi project file, if any. */
export function findProjectDir(start: string): string | undefined {
    let dir = path.resolve(start);
    for (;;) {
        if (PROJECT_FILES.some((f) => fs.existsSync(path.join(dir, f)))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
    }
}

/** The root of the Myriad package (the directory of its package.json), found from this file's location. */
export function packageRoot(): string {
    let dir = __dirname;
    for (;;) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg)) {
            try {
                if ((JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: unknown }).name === "myriad") return dir;
            } catch {
                // not ours; keep walking up
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`cannot find the myriad package root above ${__dirname}`);
        dir = parent;
    }
}

/** The directory holding `Pulumi.<stack>.yaml` files of the project in `projectDir`. */
export function stackConfigDir(projectDir: string): string {
    const file = PROJECT_FILES.map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
    if (!file) return projectDir;
    const project = parseYaml(file);
    const dir = project && typeof project === "object" ? (project as Record<string, unknown>).stackConfigDir : undefined;
    return typeof dir === "string" && dir.length > 0 ? path.resolve(projectDir, dir) : projectDir;
}

/** Stack names that have a `Pulumi.<name>.yaml` in `dir`, sorted. */
export function listStacks(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((n): n is string => n !== undefined)
        .sort();
}

/**
 * A segment of a stack name. Pulumi also accepts fully qualified `org/project/stack` names; their stack file is
 * named after the last segment.
 */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

function relative(file: string): string {
    const rel = path.relative(process.cwd(), file);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

function parseYaml(file: string): unknown {
    const text = readTextFile(file, relative(file), "");
    return parseYamlText(text, relative(file));
}

/** Parses the text of a YAML or JSON file (`where` names it in the error). */
function parseYamlText(text: string, where: string): unknown {
    try {
        // JSON is YAML 1.2, so one parser reads both. Duplicate keys are errors. Merge keys (`<<: *base`) are
        // read as the Pulumi CLI's YAML reader reads them (https://yaml.org/type/merge.html).
        return YAML.parse(text, { uniqueKeys: true, prettyErrors: true, logLevel: "error", merge: true });
    } catch (e) {
        throw yamlSyntaxError(where, e, text);
    }
}

function keysOf(v: unknown): string {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return "none";
    const keys = Object.keys(v);
    return keys.length ? keys.map((k) => `'${k}'`).join(", ") : "none";
}

/** Reads the `config:` map of a stack file, which must hold `myriad:clusters`. */
function configOfStackLayout(doc: unknown, where: string, file: string): Record<string, unknown> {
    const config = doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>).config : undefined;
    if (config === undefined || config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new CliError(
            `${where} has no 'config:' map (top-level keys: ${keysOf(doc)}). ` +
                `Fix: put the clusters under 'config:' -> '${CLUSTERS_CONFIG_KEY}:' (see docs/configuration.md)`,
            undefined,
            relative(file),
        );
    }
    const map = config as Record<string, unknown>;
    if (!(CLUSTERS_CONFIG_KEY in map)) {
        throw new CliError(
            `${where} has no '${CLUSTERS_CONFIG_KEY}' key under 'config:' (keys found: ${keysOf(map)}). ` +
                `Fix: add '${CLUSTERS_CONFIG_KEY}:' with a list of clusters (see docs/configuration.md)`,
            undefined,
            relative(file),
        );
    }
    return map;
}

/** Loads `myriad:clusters` of stack `name`, looking for the project from `cwd`. */
export function loadStack(name: string, cwd = process.cwd()): ConfigSource {
    const parts = name.split("/");
    const short = parts[parts.length - 1];
    if (parts.length > 3 || parts.some((p) => !STACK_NAME.test(p) || p === "." || p === "..")) {
        throw new CliError(
            `invalid stack name '${name}': stack names use letters, digits, '-', '_' and '.'. Fix: pass a name such as dev`,
            undefined,
            "--stack",
        );
    }
    const projectDir = findProjectDir(cwd) ?? packageRoot();
    const dir = stackConfigDir(projectDir);
    const file = [".yaml", ".yml"].map((ext) => path.join(dir, `Pulumi.${short}${ext}`)).find((f) => fs.existsSync(f));
    if (!file) {
        const known = listStacks(dir);
        throw new CliError(
            `unknown stack '${name}': there is no ${relative(path.join(dir, `Pulumi.${short}.yaml`))}. ` +
                `Fix: use one of the stacks in ${relative(dir) || "."} (${known.length ? known.join(", ") : "none found"}), or pass --config FILE`,
            undefined,
            "--stack",
        );
    }
    const description = `stack '${short}' (${relative(file)})`;
    const config = configOfStackLayout(parseYaml(file), description, file);
    return { kind: "stack", description, file, stack: short, clusters: config[CLUSTERS_CONFIG_KEY], config };
}

/** Loads the clusters from a YAML or JSON file: the stack-file layout or a bare list. */
export function loadConfigFile(file: string, cwd = process.cwd()): ConfigSource {
    const abs = path.resolve(cwd, file);
    return sourceOfDocument(parseYaml(abs), `config file ${relative(abs)}`, abs);
}

/**
 * Loads the clusters from the text of a YAML or JSON file read elsewhere (for example `git show REV:path`), in
 * the layouts of {@link loadConfigFile}; `description` names it in messages and `file` is where it came from.
 */
export function loadConfigText(text: string, description: string, file: string): ConfigSource {
    return sourceOfDocument(parseYamlText(text, description), description, file);
}

function sourceOfDocument(doc: unknown, description: string, abs: string): ConfigSource {
    if (Array.isArray(doc)) return { kind: "file", description, file: abs, clusters: doc, config: { [CLUSTERS_CONFIG_KEY]: doc } };
    if (doc && typeof doc === "object" && "config" in doc) {
        const config = configOfStackLayout(doc, description, abs);
        return { kind: "file", description, file: abs, clusters: config[CLUSTERS_CONFIG_KEY], config };
    }
    throw new CliError(
        `${description} is neither a list of clusters nor a stack file with 'config:' (top-level keys: ${keysOf(doc)}). ` +
            `Fix: write 'config:' -> '${CLUSTERS_CONFIG_KEY}:' -> a list of clusters, or a bare list of clusters`,
        undefined,
        relative(abs),
    );
}

/**
 * Resolves `--stack` / `--config`: exactly one of them must be given. The `myriad:` keys other than
 * `myriad:clusters` are checked here, the same way for every command and as the program checks them
 * (`checkStackKeys`): an invalid one throws `InvalidSpecError`.
 */
export function loadSource(opts: SourceOptions, cwd = process.cwd()): ConfigSource {
    if (opts.stack !== undefined && opts.config !== undefined) {
        throw new CliError(`both --stack '${opts.stack}' and --config '${opts.config}' were given. Fix: pass only one of them`);
    }
    let source: ConfigSource;
    if (opts.stack !== undefined) source = loadStack(opts.stack, cwd);
    else if (opts.config !== undefined) source = loadConfigFile(opts.config, cwd);
    else throw new CliError("no configuration given. Fix: pass --stack NAME (for example --stack dev) or --config FILE");
    const errors = checkStackKeys(source.config);
    if (errors.length) throw new InvalidSpecError(errors);
    return source;
}
