/**
 * Reading Kubernetes objects from files for `myriad check --manifests PATH...`: files, directories (recursively)
 * and `-` (standard input), each holding one or more YAML documents or JSON. What tools write is read as it
 * comes: multi-document YAML, JSON, `kind: List` (and typed lists such as `StatefulSetList`, whose `items` are
 * the objects), the output of `helm template` (comments, empty documents), `kubectl get -o yaml|json`,
 * `myriad render` and a directory written by the Kubernetes provider's `renderYamlToDirectory`
 * (`0-crd/`, `1-manifests/`).
 *
 * Files are parsed as YAML 1.1, the version Kubernetes' own reader (sigs.k8s.io/yaml) speaks, so an unquoted
 * `on` or `0755` means here what it means to `kubectl apply` (JSON is read by the same parser). Inside a
 * directory, files ending in `.yaml`, `.yml` or `.json` are read, in sorted order; names starting with `.` are
 * skipped (`myriad render`'s `.myriad-render.json` marker, `.git`). A path named on the command line is read
 * whatever its name.
 *
 * A document that is not YAML, or not a Kubernetes object (a mapping with string `apiVersion`, `kind` and
 * `metadata.name`), is a `CliError` (exit 2) naming the file and the document (1-based, with its line).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { fdir } from "fdir";
import { CliError } from "../base/exit";
import { fileErrorReason, yamlSyntaxError } from "../base/file-errors";

/** A Kubernetes object as read from a file. */
export interface ManifestObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [k: string]: unknown };
    [field: string]: unknown;
}

/** One object and where it was read. */
export interface ReadObject {
    object: ManifestObject;
    /** The file as given or found (relative to the working directory when inside it), `-` for standard input. */
    file: string;
    /** 1-based index of the YAML document in the file. */
    document: number;
    /** `items[N]` when the object came from a list. */
    item?: number;
}

/** Where an object was read, for messages: `file.yaml document 2` (`, items[3]`). */
export function originOf(r: Pick<ReadObject, "file" | "document" | "item">): string {
    return `${r.file} document ${r.document}${r.item === undefined ? "" : `, items[${r.item}]`}`;
}

/** File names read inside a directory. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function display(file: string, cwd: string): string {
    const rel = path.relative(cwd, file);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

function readError(shown: string, e: unknown): CliError {
    return new CliError(
        `cannot read ${shown}: ${fileErrorReason(e)[0]}. Fix: check the path given to --manifests`,
        undefined,
        shown,
        (e as NodeJS.ErrnoException).code,
    );
}

/** Where notes about skipped paths go (standard error by default). */
export type Note = (line: string) => void;
const stderrNote: Note = (line) => process.stderr.write(`${line}\n`);

/** Sorts paths the way a depth-first walk in sorted order lists them (by segment: `a/x` before `a-b`). */
function bySegments(a: string, b: string): number {
    const [x, y] = [a.split(path.sep), b.split(path.sep)];
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return x.length - y.length;
}

/**
 * The files a path names: itself, or every manifest file below it (sorted, hidden names skipped), found by fdir
 * following symbolic links. A link back into a directory already read (a loop) or a link that loops on itself is
 * skipped with a note naming it; any other file-system failure is an error naming the path.
 */
export function manifestFiles(given: string, cwd = process.cwd(), note: Note = stderrNote): string[] {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
        stat = fs.statSync(abs);
    } catch (e) {
        throw readError(given, e);
    }
    if (!stat.isDirectory()) return [abs];
    // fdir skips these silently; the file system it is given records them so that each is named.
    const read = new Set<string>();
    const skipped: string[] = [];
    let failure: NodeJS.ErrnoException | undefined;
    let link: string | undefined;
    const noted = <T>(call: () => T, at: string): T => {
        try {
            return call();
        } catch (e) {
            const err = e as NodeJS.ErrnoException;
            if (err.code === "ELOOP") skipped.push(`${display(at, cwd)}: a symbolic link that loops (ELOOP)`);
            else failure ??= Object.assign(err, { path: err.path ?? at });
            throw e;
        }
    };
    const watched = {
        ...fs,
        readdirSync: ((p: string, o: { withFileTypes: true }) => {
            read.add(path.resolve(p));
            return noted(() => fs.readdirSync(p, o), p);
        }) as typeof fs.readdirSync,
        realpathSync: ((p: string) => {
            link = p;
            return noted(() => fs.realpathSync(p), p);
        }) as unknown as typeof fs.realpathSync,
        statSync: ((p: string) => {
            const s = noted(() => fs.statSync(p), link ?? p);
            if (link !== undefined && s.isDirectory() && read.has(path.resolve(p))) {
                skipped.push(`${display(link, cwd)}: a symbolic link to ${display(p, cwd)}, a directory already read (a loop)`);
            }
            link = undefined;
            return s;
        }) as typeof fs.statSync,
    };
    // From the real path, so that a link back to the top is known as a loop; results shown under the path given.
    const real = fs.realpathSync(abs);
    const found = new fdir({ fs: watched as unknown as typeof fs })
        .withSymlinks()
        .exclude((name) => name.startsWith("."))
        .filter((file) => !path.basename(file).startsWith(".") && MANIFEST_FILE.test(file))
        .crawl(real)
        .sync()
        .map((file) => (file.startsWith(real + path.sep) ? abs + file.slice(real.length) : file));
    // A second link to a directory outside any loop lists its files again: each file is read once.
    const out = [...new Set(found)].sort(bySegments);
    if (failure) throw readError(display(failure.path ?? abs, cwd), failure);
    for (const s of skipped) note(`note: skipped ${s}`);
    if (!out.length) {
        throw new CliError(
            `${given} holds no .yaml, .yml or .json file. Fix: give a directory of Kubernetes manifests (e.g. the output of myriad render or helm template --output-dir)`,
            undefined,
            given,
        );
    }
    return out;
}

function keysOf(v: unknown): string {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return Array.isArray(v) ? "a list" : JSON.stringify(v);
    const keys = Object.keys(v);
    return keys.length ? `keys ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", ..." : ""}` : "an empty mapping";
}

function notKubernetes(where: string, why: string, value: unknown): CliError {
    return new CliError(
        `${where} is not a Kubernetes object: ${why} (got ${keysOf(value)}). Fix: give only Kubernetes manifests (apiVersion, kind, metadata.name), e.g. the output of helm template, kubectl get -o yaml or myriad render`,
        undefined,
        where,
    );
}

/** Checks one value is a Kubernetes object (or a list of them) and returns the objects. */
function objectsOf(value: unknown, file: string, document: number): ReadObject[] {
    const where = `${file} document ${document}`;
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw notKubernetes(where, "not a mapping", value);
    const v = value as Record<string, unknown>;
    const kind = v.kind;
    if (typeof v.apiVersion !== "string" || typeof kind !== "string") throw notKubernetes(where, "no apiVersion and kind", value);
    if (kind.endsWith("List") && Array.isArray(v.items)) {
        return v.items.map((item, i) => {
            const at = `${where}, items[${i}]`;
            const o = item as Record<string, unknown> | null;
            if (o === null || typeof o !== "object" || Array.isArray(o)) throw notKubernetes(at, "not a mapping", item);
            if (typeof o.apiVersion !== "string" || typeof o.kind !== "string") throw notKubernetes(at, "no apiVersion and kind", item);
            return { object: named(o, at), file, document, item: i };
        });
    }
    return [{ object: named(v, where), file, document }];
}

function named(o: Record<string, unknown>, where: string): ManifestObject {
    const md = o.metadata as Record<string, unknown> | undefined;
    if (!md || typeof md !== "object" || typeof md.name !== "string" || md.name === "") {
        throw new CliError(
            `${where}: ${String(o.kind)} has no metadata.name${md && typeof md.generateName === "string" ? ` (only generateName '${md.generateName}')` : ""}. Fix: name every object; the policies identify instances by name`,
            undefined,
            where,
        );
    }
    if (md.namespace !== undefined && typeof md.namespace !== "string") {
        throw new CliError(
            `${where}: metadata.namespace must be a string (got ${JSON.stringify(md.namespace)}). Fix: quote it`,
            undefined,
            where,
        );
    }
    return o as ManifestObject;
}

/** Parses the text of one file (or of standard input) into objects. */
export function parseManifests(text: string, file: string): ReadObject[] {
    const docs = YAML.parseAllDocuments(text, { version: "1.1", uniqueKeys: true, prettyErrors: true, merge: true });
    const list = Array.isArray(docs) ? docs : [docs];
    const out: ReadObject[] = [];
    list.forEach((doc, i) => {
        const document = i + 1;
        if (doc.errors.length) {
            throw yamlSyntaxError(`${file} document ${document}`, doc.errors[0], text);
        }
        const value: unknown = doc.toJS({ maxAliasCount: 1000 });
        // Empty documents (`---` with nothing after it, comments only) are what helm template writes for a
        // template that renders nothing.
        if (value === null || value === undefined) return;
        out.push(...objectsOf(value, file, document));
    });
    return out;
}

/** How to read standard input (`-`); tests replace it. */
export type ReadStdin = () => string;

const readProcessStdin: ReadStdin = () => fs.readFileSync(0, "utf8");

/**
 * Reads every object the paths name, in order (files in the order given, directories in sorted order). Throws a
 * `CliError` for a path that cannot be read, a file that is not YAML/JSON or a document that is not a
 * Kubernetes object.
 */
export function readManifests(
    paths: readonly string[],
    cwd = process.cwd(),
    stdin: ReadStdin = readProcessStdin,
    note: Note = stderrNote,
): ReadObject[] {
    if (!paths.length) throw new CliError("--manifests needs at least one path. Fix: give files, directories or - (standard input)");
    const out: ReadObject[] = [];
    let stdinRead = false;
    for (const given of paths) {
        if (given === "-") {
            if (stdinRead) throw new CliError("- (standard input) is given twice to --manifests. Fix: give it once");
            stdinRead = true;
            let text: string;
            try {
                text = stdin();
            } catch (e) {
                throw readError("standard input", e);
            }
            out.push(...parseManifests(text, "-"));
            continue;
        }
        for (const file of manifestFiles(given, cwd, note)) {
            const shown = display(file, cwd);
            let text: string;
            try {
                text = fs.readFileSync(file, "utf8");
            } catch (e) {
                throw readError(shown, e);
            }
            out.push(...parseManifests(text, shown));
        }
    }
    return out;
}
