/**
 * Writing Kubernetes manifests to a directory for `myriad render`: one YAML file per object, at a path that is
 * a function of the object's identity alone, so two renders of the same configuration produce the same tree and
 * a diff between two renders shows exactly what changed.
 *
 * Layout (`manifestFileName` of ../mock-engine/manifests.ts): `<out>/<namespace>/<kind>-<name>.yaml` (kind in lower
 * case, e.g. `staging/statefulset-orders-3.yaml`); cluster-scoped objects go to `<out>/_cluster/`. A marker file `<out>/.myriad-render.json` lists the files of
 * the last render; the next render into the same directory removes those first (so objects that disappeared
 * from the configuration disappear from the directory) and never touches any other file. A non-empty
 * directory without the marker is refused, so a render cannot overwrite unrelated files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { manifestFileName, type Manifest } from "../mock-engine/manifests";
import { CliError } from "../base/exit";

/** Name of the marker file listing the files of the last render. */
export const MARKER_FILE = ".myriad-render.json";

const SAFE_SEGMENT = /^[a-z0-9_]([-a-z0-9_.]*[a-z0-9])?$/;

/**
 * The relative path of an object's file (`manifestFileName`: `<namespace>/<kind>-<name>.yaml`, POSIX
 * separators), checked to be two plain path segments so no object can write outside the output directory.
 */
export function manifestPath(m: Manifest): string {
    const rel = manifestFileName(m);
    const segments = rel.split("/");
    if (segments.length !== 2 || !segments.every((s) => SAFE_SEGMENT.test(s) && s !== "." && s !== "..")) {
        throw new Error(
            `cannot write ${m.kind} '${m.metadata.name}' (namespace '${m.metadata.namespace}') to '${rel}': not a DNS-1123 name`,
        );
    }
    return rel;
}

/**
 * The YAML text of one object (no line folding, keys in the order the program set them). Written as YAML 1.1, so
 * every string a YAML 1.1 reader would take for another type (`ON`, `yes`, `0755`, `12:30`, `1_000`) is quoted, as
 * Kubernetes' reader (sigs.k8s.io/yaml, YAML 1.1) needs for a ConfigMap value or an annotation to stay a string.
 * An object used twice is written twice (no anchors).
 */
export function manifestYaml(m: Manifest, header?: string): string {
    const body = YAML.stringify(m, { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false });
    return header
        ? `${header
              .split("\n")
              .map((l) => `# ${l}`.trimEnd())
              .join("\n")}\n${body}`
        : body;
}

interface Marker {
    generator: "myriad render";
    source: string;
    files: string[];
}

function readMarker(dir: string): Marker | undefined {
    const file = path.join(dir, MARKER_FILE);
    if (!fs.existsSync(file)) return undefined;
    try {
        const m = JSON.parse(fs.readFileSync(file, "utf8")) as Marker;
        return Array.isArray(m.files) ? m : undefined;
    } catch {
        return undefined;
    }
}

/** Removes the files of the previous render (listed in the marker) and the directories they leave empty. */
function removePrevious(dir: string, marker: Marker): void {
    const root = path.resolve(dir);
    const dirs = new Set<string>();
    for (const rel of marker.files) {
        const abs = path.resolve(root, rel);
        // Only files under the output directory, whatever the marker says.
        if (!abs.startsWith(root + path.sep)) continue;
        fs.rmSync(abs, { force: true });
        dirs.add(path.dirname(abs));
    }
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
        if (d !== root && fs.existsSync(d) && fs.readdirSync(d).length === 0) fs.rmdirSync(d);
    }
}

/**
 * `mkdir -p`, one level at a time from the nearest existing ancestor. (`fs.mkdirSync(..., { recursive: true })`
 * can loop forever on file systems such as /proc that answer ENOENT for every new name.) A failure is the
 * file-system error of the level that failed, with its path.
 */
function makeDirectory(dir: string): void {
    const missing: string[] = [];
    let d = path.resolve(dir);
    while (!fs.existsSync(d)) {
        missing.unshift(d);
        const parent = path.dirname(d);
        if (parent === d) break;
        d = parent;
    }
    for (const m of missing) fs.mkdirSync(m);
}

/**
 * Writes every manifest to `dir` (created if needed) and returns the relative paths written, sorted.
 * Throws a `CliError` (exit 2) when `dir` is a file, or a non-empty directory that no previous render wrote,
 * or when two objects would share a file.
 */
export function writeManifests(dir: string, manifests: readonly Manifest[], source: string, header?: string): string[] {
    if (fs.existsSync(dir)) {
        if (!fs.statSync(dir).isDirectory()) {
            throw new CliError(`--out '${dir}' is a file. Fix: give a directory (it is created if missing)`, undefined, "--out");
        }
        const marker = readMarker(dir);
        if (marker) removePrevious(dir, marker);
        else if (fs.readdirSync(dir).length > 0) {
            throw new CliError(
                `--out '${dir}' is not empty and was not written by myriad render (no ${MARKER_FILE}). ` +
                    "Fix: choose a new or empty directory; later renders into it replace their own files only",
                undefined,
                "--out",
            );
        }
    }
    const byPath = new Map<string, Manifest>();
    for (const m of manifests) {
        const rel = manifestPath(m);
        const prev = byPath.get(rel);
        if (prev) throw new Error(`two objects map to ${rel}: ${prev.kind} ${prev.metadata.name} and ${m.kind} ${m.metadata.name}`);
        byPath.set(rel, m);
    }
    const files = [...byPath.keys()].sort();
    makeDirectory(dir);
    for (const sub of new Set(files.map((rel) => rel.split("/")[0]))) makeDirectory(path.join(dir, sub));
    for (const rel of files) fs.writeFileSync(path.join(dir, ...rel.split("/")), manifestYaml(byPath.get(rel)!, header));
    const marker: Marker = { generator: "myriad render", source, files };
    fs.writeFileSync(path.join(dir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    return files;
}
