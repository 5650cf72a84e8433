/**
 * What the policies know about a MySQL workload, read from Kubernetes objects only (no access to the plan):
 * StatefulSets created by the MySqlCluster component (labels and annotations of
 * components/resources/labels.ts, my.cnf in the instance ConfigMap) and hand-written StatefulSets:
 *
 * - membership: label `myriad.dev/cluster`, else `app.kubernetes.io/instance`, else the governing Service
 *   (`spec.serviceName`: StatefulSets sharing one are one cluster), else the StatefulSet itself;
 * - version: annotation `myriad.dev/version`, else the image tag (`X.Y.Z`), else the series a floating tag names
 *   (`mysql:8.4` is judged as the newest 8.4 patch, printed `8.4.x`, besides the pin finding);
 * - flavour: label `myriad.dev/flavor`, else the image repository name, else mysql;
 * - role: `roleOf` (Myriad's label, the common charts' and operators' labels, Bitnami's replication mode), else
 *   unknown;
 * - settings: option files mounted from ConfigMaps (plain `configMap` and `projected` volumes) in the server
 *   container (only the `--defaults-file` when one is given) and in init containers, then `--option` arguments;
 * - scripts: inline `command`/`args` plus the mounted ConfigMap files they run (the component's
 *   `bash /opt/myriad/bin/init.sh`, the tutorial's inline `bash -c`).
 */
import type { BackupToolName as BackupTool, Flavor, ReplicationMode } from "../../components/spec/types";
import { KEYS } from "../../components/resources/labels";
import { flavorFromImage, parseImage, seriesFromTag, versionFromImage } from "../../components/versions/image";
import { compareVersions, formatVersion, parseVersion, type ServerVersion } from "../../components/versions/version";
import { isOptionFile, parseOptionFile, parseServerArgs, type SettingEntry } from "./option-files";
import {
    arr,
    at,
    displayName,
    known,
    metadataOf,
    obj,
    podTemplateOf,
    str,
    stringMap,
    TYPES,
    type Obj,
    type ResourceLike,
} from "./resources";

/** Image repositories that carry a MySQL flavour in their name but are not servers (exporters, tools). */
const NON_SERVER_IMAGE =
    /(exporter|router|operator|shell|xtrabackup|backup|toolkit|orchestrator|proxysql|client|agent|sidecar|dump|heartbeat|monitor)/i;

/** The flavour of a server image, or undefined when the image is not a MySQL-family server. */
export function serverImageFlavor(image: string | undefined): Flavor | undefined {
    if (!image) return undefined;
    const flavor = flavorFromImage(image);
    if (!flavor) return undefined;
    const last = parseImage(image).repository.split("/").pop() ?? "";
    return NON_SERVER_IMAGE.test(last) ? undefined : flavor;
}

/** A container of a pod template, with where it sits. */
export interface ContainerRef {
    /** `containers` or `initContainers`. */
    list: "containers" | "initContainers";
    index: number;
    name: string;
    image?: string;
    spec: Obj;
}

/** Every container (init first) of a pod template. */
export function containersOf(podTemplate: Obj | undefined): ContainerRef[] {
    const out: ContainerRef[] = [];
    for (const list of ["initContainers", "containers"] as const) {
        arr(at(podTemplate, "spec", list)).forEach((c, index) => {
            const spec = obj(c);
            if (!spec) return;
            out.push({ list, index, name: str(at(spec, "name")) ?? `${list}[${index}]`, image: str(at(spec, "image")), spec });
        });
    }
    return out;
}

/** Command and arguments of a container as strings (unknown values dropped). */
export function commandTokens(c: ContainerRef): { command: string[]; args: string[] } {
    const strings = (v: unknown) =>
        arr(v)
            .map((x) => known(() => (typeof x === "string" ? x : undefined), undefined))
            .filter((x): x is string => x !== undefined);
    return { command: strings(at(c.spec, "command")), args: strings(at(c.spec, "args")) };
}

const SERVER_BINARY = /(^|\/)(mysqld|mariadbd|mysqld_safe|mariadbd-safe|docker-entrypoint\.sh)$/;
const SHELL = /(^|\/)(sh|bash|dash|ash|zsh)$/;

/**
 * The programs a shell script runs: the first word of each simple command (after `exec`, `env` and variable
 * assignments), so that a path or an option naming mysqld (`--socket=/var/run/mysqld/mysqld.sock`,
 * `/etc/mysql/mysqld.cnf`) or an option-file group header (`echo [mysqld] > server-id.cnf`) is not a run of it.
 */
export function scriptPrograms(script: string): string[] {
    const out: string[] = [];
    for (const part of script.split(/\r?\n|;|&&|\|\||\||\$\(|`|\bthen\b|\bdo\b|\belse\b/)) {
        const words = part.trim().split(/\s+/).filter(Boolean);
        while (words.length && (/^(exec|env|nohup|command|time|gosu|su-exec|\{|\()$/.test(words[0]) || /^\w+=/.test(words[0])))
            words.shift();
        if (words.length) out.push(words[0].replace(/^["']|["']$/g, ""));
    }
    return out;
}

/** The programs a container runs: its command (or the scripts a shell runs), else the image's entrypoint. */
function containerPrograms(c: ContainerRef): string[] | undefined {
    const { command, args } = commandTokens(c);
    const argv = command.length ? [...command, ...args] : args.length && !args[0].startsWith("-") ? args : [];
    if (!argv.length) return undefined; // the image's own entrypoint
    if (!SHELL.test(argv[0])) return [argv[0]];
    const script = argv.indexOf("-c") >= 0 ? argv.slice(argv.indexOf("-c") + 1).join("\n") : "";
    return scriptPrograms(script);
}

/**
 * True when the container runs a MySQL-family server: a server image (which also serves the init containers that
 * initialise a data directory with it), or a container that runs mysqld, mariadbd, mysqld_safe or the image
 * entrypoint. A backup sidecar, an exporter or a tool image that only names mysqld in a path is not a server.
 */
export function isServerContainer(c: ContainerRef): boolean {
    if (serverImageFlavor(c.image)) return true;
    return (containerPrograms(c) ?? []).some((p) => SERVER_BINARY.test(p));
}

/** True when the pod template runs the seeding endpoint (`seed-donor.sh`) in one of its containers. */
function hasSeedSidecar(podTemplate: Obj | undefined): boolean {
    return containersOf(podTemplate).some((c) => {
        if (c.list !== "containers") return false;
        const { command, args } = commandTokens(c);
        return [...command, ...args].some((t) => t.endsWith("/seed-donor.sh"));
    });
}

/** The main server container: the first non-init server container. */
export function serverContainer(podTemplate: Obj | undefined): ContainerRef | undefined {
    const main = containersOf(podTemplate).filter((c) => c.list === "containers");
    return main.find((c) => serverImageFlavor(c.image)) ?? main.find((c) => isServerContainer(c));
}

/** The server's command-line options: arguments to the image entrypoint, to mysqld, or after `mysqld` in a shell line. */
export function serverArgs(c: ContainerRef): string[] {
    const { command, args } = commandTokens(c);
    if (command.length === 0) return args[0] && !args[0].startsWith("-") ? args.slice(1) : args;
    if (SERVER_BINARY.test(command[0])) return [...command.slice(1), ...args];
    const out: string[] = [];
    for (const text of [...command, ...args]) {
        for (const line of text.split(/\r?\n|;|&&/)) {
            const m = /\b(?:exec\s+)?(?:mysqld|mariadbd)\b(.*)$/.exec(line);
            if (m) out.push(...m[1].trim().split(/\s+/).filter(Boolean));
        }
    }
    return out;
}

/** A ConfigMap of the stack: its data (values unknown during preview are missing and flagged). */
export interface ConfigMapEntry {
    resource: ResourceLike;
    namespace: string;
    name: string;
    data: Record<string, string>;
    /** Every key, including those whose value is unknown during preview (absent from `data`). */
    keys: string[];
    /** Some values could not be read (unknown during preview). */
    incomplete: boolean;
}

/** Indexes of the stack's objects, shared by the stack policies. */
export interface StackIndex {
    /** ConfigMaps by `namespace/name`. */
    configMaps: Map<string, ConfigMapEntry>;
    /**
     * Whether a ConfigMap key (`namespace/name key`) holds an option file with a server group, once per key: every
     * instance of a cluster mounts the same scripts, and reading them all again for each one was most of the
     * stack model's cost.
     */
    optionFileKeys?: Map<string, boolean>;
}

/** `isOptionFile` of a ConfigMap key's content, memoised in the index. */
function holdsOptionFile(index: StackIndex, namespace: string, configMap: string, key: string, content: string): boolean {
    const memo = (index.optionFileKeys ??= new Map<string, boolean>());
    const id = `${namespace}/${configMap} ${key}`;
    let v = memo.get(id);
    if (v === undefined) memo.set(id, (v = isOptionFile(content)));
    return v;
}

/** Builds the index over a stack's resources. */
export function indexStack(resources: readonly ResourceLike[]): StackIndex {
    const configMaps = new Map<string, ConfigMapEntry>();
    for (const r of resources) {
        if (r.type !== TYPES.configMap) continue;
        const md = metadataOf(r.props);
        if (!md.name) continue;
        const rawData = obj(at(r.props, "data"));
        const data = stringMap(r.props, "data");
        const keys = rawData ? known(() => Object.keys(rawData), [] as string[]) : [];
        configMaps.set(`${md.namespace}/${md.name}`, {
            resource: r,
            namespace: md.namespace,
            name: md.name,
            data,
            keys,
            incomplete: keys.length !== Object.keys(data).length,
        });
    }
    return { configMaps };
}

/** A file a container sees from a ConfigMap mount. */
export interface MountedFile {
    container: string;
    path: string;
    configMap: string;
    key: string;
    /** Content, undefined when the ConfigMap is not in the stack or the value is unknown. */
    content?: string;
}

interface VolumeSource {
    configMap: string;
    items?: { key: string; path: string }[];
}

function volumeSources(podTemplate: Obj | undefined): Map<string, VolumeSource[]> {
    const out = new Map<string, VolumeSource[]>();
    for (const v of arr(at(podTemplate, "spec", "volumes"))) {
        const name = str(at(v, "name"));
        if (!name) continue;
        const sources: VolumeSource[] = [];
        const items = (x: unknown) => {
            const list = arr(at(x, "items"))
                .map((i) => ({ key: str(at(i, "key")) ?? "", path: str(at(i, "path")) ?? "" }))
                .filter((i) => i.key);
            return list.length ? list : undefined;
        };
        const cm = obj(at(v, "configMap"));
        if (cm && str(at(cm, "name"))) sources.push({ configMap: str(at(cm, "name"))!, items: items(cm) });
        for (const s of arr(at(v, "projected", "sources"))) {
            const pcm = obj(at(s, "configMap"));
            if (pcm && str(at(pcm, "name"))) sources.push({ configMap: str(at(pcm, "name"))!, items: items(pcm) });
        }
        if (sources.length) out.set(name, sources);
    }
    return out;
}

/** Every file a container sees from ConfigMap volumes (keys of ConfigMaps missing from the stack are unknown). */
export function mountedFiles(podTemplate: Obj | undefined, c: ContainerRef, namespace: string, index: StackIndex): MountedFile[] {
    const volumes = volumeSources(podTemplate);
    const out: MountedFile[] = [];
    for (const m of arr(at(c.spec, "volumeMounts"))) {
        const vol = str(at(m, "name"));
        const mountPath = (str(at(m, "mountPath")) ?? "").replace(/\/+$/, "");
        const subPath = str(at(m, "subPath"));
        for (const src of (vol ? volumes.get(vol) : undefined) ?? []) {
            const entry = index.configMaps.get(`${namespace}/${src.configMap}`);
            if (!entry && !src.items) {
                // A ConfigMap that is not part of this stack: its files exist but cannot be read.
                out.push({
                    container: c.name,
                    path: subPath !== undefined ? mountPath : `${mountPath}/*`,
                    configMap: src.configMap,
                    key: "*",
                    content: undefined,
                });
                continue;
            }
            const files = src.items ?? (entry?.keys ?? []).map((k) => ({ key: k, path: k }));
            for (const f of files) {
                if (subPath !== undefined && subPath !== f.path) continue;
                const path = subPath !== undefined ? mountPath : `${mountPath}/${f.path}`;
                out.push({ container: c.name, path, configMap: src.configMap, key: f.key, content: entry?.data[f.key] });
            }
        }
    }
    return out;
}

/** How a pod's server_id was established. */
export type ServerIdSource = "argument" | "config" | "script-ordinal" | "script-constant" | "annotation" | "default" | "unknown";

/** The server_id one pod (or one reserved, offline instance) runs with. */
export interface ServerIdClaim {
    /** Pod name, or `<statefulset> (offline)` for an offline instance that keeps its id reserved. */
    pod: string;
    /** The id, undefined when it cannot be determined. */
    id?: number;
    source: ServerIdSource;
    /** Where it comes from, for messages. */
    detail: string;
    /** An offline instance: no pod now, but the id is reserved for it. */
    reserved: boolean;
}

/** One MySQL workload (a StatefulSet running a MySQL-family server). */
export interface MysqlWorkload {
    resource: ResourceLike;
    /** `StatefulSet ns/name`. */
    display: string;
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    /** Created by the MySqlCluster component (managed-by myriad and a myriad.dev/cluster label). */
    managed: boolean;
    /** `namespace/cluster`. */
    clusterKey: string;
    clusterName: string;
    /** How membership was found. */
    membership: "myriad.dev/cluster" | "app.kubernetes.io/instance" | "serviceName" | "own";
    template?: string;
    /** The component's cluster-wide ordinal (label), for component-created instances. */
    ordinal?: number;
    role?: "primary" | "replica";
    /** How the role was found (`label app.kubernetes.io/component=primary`), or why not (`roleOf`). */
    roleReading: RoleReading;
    mode?: ReplicationMode;
    /** False for an offline instance (replicas 0). */
    online: boolean;
    replicas: number;
    /** Pod names, in ordinal order. */
    pods: string[];
    server?: ContainerRef;
    podTemplate?: Obj;
    image?: string;
    flavor: Flavor;
    flavorSource: "label" | "image" | "default";
    version?: ServerVersion;
    versionSource?: "annotation" | "image" | "image-series";
    /** Version annotation and image tag disagree. */
    versionConflict?: { annotation: string; tag: string };
    /** Component weight annotation or `group_replication_member_weight`. */
    weight?: number;
    /**
     * The physical backup tool the image carries, as far as the objects tell: for a Myriad workload, the
     * flavour's tool when the pod runs the seeding sidecar (`seed-donor.sh`), else `none`; undefined for other
     * workloads (the seeding rules then assume the image's default, `defaultBackupTool`).
     */
    backupTool?: BackupTool;
    /** Source ordinal annotation (component). */
    sourceOrdinal?: number;
    /** Source host annotation. */
    sourceHost?: string;
    /** Server settings in the order mysqld applies them (later overrides earlier). */
    settings: SettingEntry[];
    /** Option files that could not be read (ConfigMap missing from the stack or unknown during preview). */
    unreadableConfig: string[];
    /** Inline scripts and the mounted script files they run. */
    scriptText: string;
    serverIds: ServerIdClaim[];
}

/** The last value of a setting (canonical name), if set. */
export function setting(w: MysqlWorkload, name: string): SettingEntry | undefined {
    for (let i = w.settings.length - 1; i >= 0; i--) if (w.settings[i].name === name) return w.settings[i];
    return undefined;
}

function intOr(text: string | undefined): number | undefined {
    if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
    return Number(text);
}

function flavorLabel(v: string | undefined): Flavor | undefined {
    return v === "mysql" || v === "percona" || v === "mariadb" ? v : undefined;
}

function modeOf(v: string | undefined): ReplicationMode | undefined {
    return v === "async" || v === "semisync" || v === "group" ? v : undefined;
}

/** Literal environment variables of a container (`name: value`). */
function envOf(c: ContainerRef | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of arr(at(c?.spec, "env"))) {
        const n = str(at(e, "name")),
            v = str(at(e, "value"));
        if (n && v !== undefined) out[n] = v;
    }
    return out;
}

/** How a workload's role was found, or why it is unknown. */
export interface RoleReading {
    role?: "primary" | "replica";
    /** `label myriad.dev/role=primary`, `env MYSQL_REPLICATION_MODE=master`, ... */
    source?: string;
    /** The operator that assigns roles to pods at run time (so the StatefulSet cannot say which pod is primary). */
    operator?: string;
}

const PRIMARY_WORDS = new Set(["primary", "master", "source", "leader"]);
const REPLICA_WORDS = new Set(["replica", "secondary", "slave", "follower", "readonly", "read-only"]);

/** Role labels, in the order they are trusted: Myriad's, then those of operators and charts that set them. */
const ROLE_LABELS = [
    KEYS.role,
    "moco.cybozu.com/role",
    "kubeblocks.io/role",
    "mysql.oracle.com/cluster-role",
    "app.kubernetes.io/component",
    "role",
];

/** Operators that label pods with their role at run time: their StatefulSets carry none. */
const ROLE_OPERATORS: readonly { operator: string; test: (labels: Record<string, string>) => boolean }[] = [
    { operator: "MOCO", test: (l) => l["app.kubernetes.io/created-by"] === "moco" || l["app.kubernetes.io/managed-by"] === "moco" },
    { operator: "KubeBlocks", test: (l) => l["app.kubernetes.io/managed-by"] === "kubeblocks" },
    {
        operator: "the Percona Operator",
        test: (l) =>
            /percona-(server|xtradb-cluster)-.*operator|percona-server-mysql-operator/.test(l["app.kubernetes.io/managed-by"] ?? ""),
    },
    {
        operator: "MySQL Operator for Kubernetes",
        test: (l) => l["app.kubernetes.io/created-by"] === "mysql-operator" || l["app.kubernetes.io/managed-by"] === "mysql-operator",
    },
];

/**
 * The role of a hand-written or chart-made workload: a role label (Myriad's `myriad.dev/role`, MOCO's, KubeBlocks',
 * Oracle's operator's, `app.kubernetes.io/component: primary|secondary` as Bitnami's chart writes it, `role`),
 * else Bitnami's `MYSQL_REPLICATION_MODE` / `MARIADB_REPLICATION_MODE` (master|slave). Unknown otherwise, naming
 * the operator when one assigns roles to pods at run time.
 */
export function roleOf(labels: Record<string, string>, env: Record<string, string>): RoleReading {
    for (const key of ROLE_LABELS) {
        const value = labels[key]?.toLowerCase();
        if (value === undefined) continue;
        if (PRIMARY_WORDS.has(value)) return { role: "primary", source: `label ${key}=${labels[key]}` };
        if (REPLICA_WORDS.has(value)) return { role: "replica", source: `label ${key}=${labels[key]}` };
    }
    if (labels["mysql.percona.com/primary"] === "true") return { role: "primary", source: "label mysql.percona.com/primary=true" };
    for (const key of ["MYSQL_REPLICATION_MODE", "MARIADB_REPLICATION_MODE"]) {
        const value = env[key]?.toLowerCase();
        if (value === "master") return { role: "primary", source: `env ${key}=${env[key]}` };
        if (value === "slave") return { role: "replica", source: `env ${key}=${env[key]}` };
    }
    return { operator: ROLE_OPERATORS.find((o) => o.test(labels))?.operator };
}

/** MySQL's default server_id when none is configured: 1 from 8.0.3 (0 before), 1 for MariaDB. */
export function defaultServerId(flavor: Flavor, version: ServerVersion | undefined): number | undefined {
    if (!version) return undefined;
    if (flavor === "mariadb") return 1;
    return compareVersions(version, { major: 8, minor: 0, patch: 3 }) >= 0 ? 1 : 0;
}

const SCRIPT_SERVER_ID = /server[-_]id\s*=\s*"?/gi;

/** The expressions assigned to server-id in a script: `$((...))` taken whole, else up to whitespace or a quote. */
function serverIdExpressions(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(SCRIPT_SERVER_ID)) {
        const rest = text.slice((m.index ?? 0) + m[0].length);
        if (rest.startsWith("$((")) {
            const end = rest.indexOf("))");
            if (end > 0) out.push(rest.slice(0, end + 2));
            continue;
        }
        const tok = /^[^\s"';]+/.exec(rest)?.[0];
        if (tok) out.push(tok);
    }
    return out;
}

/** How a script assigns server-id, if it does: ordinal-derived (`$((100 + $ordinal))`), constant, or unknown. */
export function scriptServerId(
    text: string,
    env: Record<string, string>,
):
    | { kind: "ordinal"; base: number; expr: string }
    | { kind: "constant"; id: number; expr: string }
    | { kind: "unknown"; expr: string }
    | undefined {
    const found = serverIdExpressions(text);
    if (!found.length) return undefined;
    const expr = found[found.length - 1];
    const arith = /^\$\(\(\s*(?:(\d+)\s*\+\s*\$\{?(\w+)\}?|\$\{?(\w+)\}?\s*\+\s*(\d+))\s*\)\)$/.exec(expr);
    if (arith) {
        const base = Number(arith[1] ?? arith[4]);
        const variable = arith[2] ?? arith[3];
        if (/ordinal|index|ord\b|^i$|^n$/i.test(variable)) return { kind: "ordinal", base, expr };
        const envValue = env[variable];
        if (envValue !== undefined && /^\d+$/.test(envValue)) return { kind: "constant", id: base + Number(envValue), expr };
        return { kind: "unknown", expr };
    }
    if (/^\d+$/.test(expr)) return { kind: "constant", id: Number(expr), expr };
    const variable = /^\$\{?(\w+)\}?$/.exec(expr)?.[1];
    if (variable) {
        if (/ordinal/i.test(variable)) return { kind: "ordinal", base: 0, expr };
        const envValue = env[variable];
        if (envValue !== undefined && /^\d+$/.test(envValue)) return { kind: "constant", id: Number(envValue), expr };
    }
    return { kind: "unknown", expr };
}

/**
 * Reads one StatefulSet as a MySQL workload; undefined when it does not run a MySQL-family server. `index` gives
 * access to the stack's ConfigMaps (an empty index in resource policies).
 */
export function readWorkload(r: ResourceLike, index: StackIndex): MysqlWorkload | undefined {
    if (r.type !== TYPES.statefulSet) return undefined;
    const podTemplate = podTemplateOf(r);
    const server = serverContainer(podTemplate);
    const md = metadataOf(r.props);
    const tmd = metadataOf(podTemplate);
    const labels = { ...tmd.labels, ...md.labels };
    const annotations = { ...tmd.annotations, ...md.annotations };
    if (!server && !flavorLabel(labels[KEYS.flavor])) return undefined;

    const name = md.name ?? r.name;
    const namespace = md.namespace;
    // The governing Service (spec.serviceName): StatefulSets that share one headless Service are one cluster, as
    // in a second template copied from the first.
    const serviceName = str(at(r.props, "spec", "serviceName")) || undefined;
    const membership = labels[KEYS.cluster]
        ? "myriad.dev/cluster"
        : labels["app.kubernetes.io/instance"]
          ? "app.kubernetes.io/instance"
          : serviceName
            ? "serviceName"
            : "own";
    const clusterName = labels[KEYS.cluster] ?? labels["app.kubernetes.io/instance"] ?? serviceName ?? name;
    const managed = labels["app.kubernetes.io/managed-by"] === "myriad" && labels[KEYS.cluster] !== undefined;

    const image = server?.image;
    const labelFlavor = flavorLabel(labels[KEYS.flavor]);
    const imageFlavor = flavorFromImage(image ?? "");
    const flavor: Flavor = labelFlavor ?? imageFlavor ?? "mysql";
    const tagVersion = image ? versionFromImage(image) : undefined;
    const annotated = annotations[KEYS.version] !== undefined ? parseVersion(annotations[KEYS.version]) : undefined;
    // A floating tag still names its series: the settings and server_id rules of the series apply.
    const seriesVersion = image && !tagVersion && !annotated ? seriesFromTag(parseImage(image).tag) : undefined;
    const version = annotated ?? tagVersion ?? seriesVersion;
    const versionConflict =
        annotated && tagVersion && compareVersions(annotated, tagVersion) !== 0
            ? { annotation: formatVersion(annotated), tag: formatVersion(tagVersion) }
            : undefined;

    const replicasRaw = at(r.props, "spec", "replicas");
    const replicas = typeof replicasRaw === "number" ? replicasRaw : 1;
    const startRaw = at(r.props, "spec", "ordinals", "start");
    const start = typeof startRaw === "number" ? startRaw : 0;
    const pods = Array.from({ length: Math.max(replicas, 0) }, (_, k) => `${name}-${start + k}`);
    const online = annotations[KEYS.state] ? annotations[KEYS.state] === "online" && replicas > 0 : replicas > 0;

    // Settings: option files (init containers' first, then the server's), then command-line options.
    const settings: SettingEntry[] = [];
    const unreadableConfig: string[] = [];
    const all = containersOf(podTemplate);
    const defaultsFile = server
        ? serverArgs(server)
              .map((t) => /^--defaults(?:-extra)?-file=(.+)$/.exec(t)?.[1])
              .find((x) => x)
        : undefined;
    const scriptFiles: MountedFile[] = [];
    const scriptMaps = new Set<string>();
    const parsedFiles = new Set<string>();
    for (const c of all) {
        const files = mountedFiles(podTemplate, c, namespace, index);
        const { command, args } = commandTokens(c);
        const tokens = [...command, ...args].flatMap((t) => t.split(/[\s;|&()"'`]+/));
        for (const f of files) {
            if (tokens.includes(f.path)) scriptMaps.add(f.configMap);
            const isServerMain = server !== undefined && c === server;
            if (isServerMain && defaultsFile !== undefined && f.path !== defaultsFile) continue;
            const cnfLike =
                f.path.endsWith(".cnf") || f.content === undefined || holdsOptionFile(index, namespace, f.configMap, f.key, f.content);
            if (!cnfLike) continue;
            const origin = `ConfigMap ${namespace}/${f.configMap} key ${f.key}`;
            // The same file mounted in several containers (init and server) is one source of settings.
            if (parsedFiles.has(origin)) continue;
            parsedFiles.add(origin);
            if (f.content === undefined) {
                unreadableConfig.push(
                    f.key === "*" ? `ConfigMap ${namespace}/${f.configMap} (not in this stack)` : `${origin} (unknown until deploy)`,
                );
                continue;
            }
            settings.push(...parseOptionFile(f.content, origin));
        }
        for (const f of files) if (scriptMaps.has(f.configMap)) scriptFiles.push(f);
    }
    if (server)
        settings.push(
            ...parseServerArgs(
                serverArgs(server).filter((t) => !/^--defaults/.test(t)),
                `container ${server.name} arguments`,
            ),
        );

    const inline = all
        .map((c) => {
            const { command, args } = commandTokens(c);
            return [...command, ...args].join("\n");
        })
        .join("\n");
    const scriptText = [inline, ...new Map(scriptFiles.map((f) => [`${f.configMap}/${f.key}`, f.content ?? ""])).values()].join("\n");

    const weightText = annotations[KEYS.weight];
    const roleReading = roleOf(labels, envOf(server));
    const w: MysqlWorkload = {
        resource: r,
        display: displayName(r),
        name,
        namespace,
        labels,
        annotations,
        managed,
        clusterKey: `${namespace}/${clusterName}`,
        clusterName,
        membership,
        template: labels[KEYS.template],
        ordinal: intOr(labels[KEYS.ordinal]),
        role: roleReading.role,
        roleReading,
        mode: modeOf(annotations[KEYS.mode]),
        online,
        replicas,
        pods,
        server,
        podTemplate,
        image,
        flavor,
        flavorSource: labelFlavor ? "label" : imageFlavor ? "image" : "default",
        version,
        versionSource: annotated ? "annotation" : tagVersion ? "image" : seriesVersion ? "image-series" : undefined,
        versionConflict,
        weight: intOr(weightText),
        backupTool: managed ? (hasSeedSidecar(podTemplate) ? (flavor === "mariadb" ? "mariadb-backup" : "xtrabackup") : "none") : undefined,
        sourceOrdinal: intOr(annotations[KEYS.source]),
        sourceHost: annotations[KEYS.sourceHost],
        settings,
        unreadableConfig,
        scriptText,
        serverIds: [],
    };
    const weightSetting = setting(w, "group_replication_member_weight");
    if (w.weight === undefined && weightSetting) w.weight = intOr(weightSetting.value);
    if (!w.mode) {
        if (settings.some((s) => s.name === "group_replication_group_name")) w.mode = "group";
        else if (settings.some((s) => /^rpl_semi_sync_(source|master)_enabled$/.test(s.name))) w.mode = "semisync";
    }
    w.serverIds = serverIdClaims(w, envOf(server));
    return w;
}

/** The server_id of every pod of a workload (and the reserved id of an offline instance). */
function serverIdClaims(w: MysqlWorkload, env: Record<string, string>): ServerIdClaim[] {
    const annotated = intOr(w.annotations[KEYS.serverId]);
    const argEntry = [...w.settings].reverse().find((s) => s.name === "server_id" && s.origin.startsWith("container "));
    const cfgEntry = [...w.settings].reverse().find((s) => s.name === "server_id" && !s.origin.startsWith("container "));
    const script = scriptServerId(w.scriptText, env);
    const podsOrReserved = w.pods.length ? w.pods : annotated !== undefined ? [`${w.name} (offline)`] : [];
    const reserved = w.pods.length === 0;
    return podsOrReserved.map((pod): ServerIdClaim => {
        if (argEntry) {
            const id = intOr(argEntry.value);
            return {
                pod,
                id,
                source: id === undefined ? "unknown" : "argument",
                detail: `--server-id=${argEntry.value} (${argEntry.origin})`,
                reserved,
            };
        }
        if (cfgEntry) {
            const id = intOr(cfgEntry.value);
            return {
                pod,
                id,
                source: id === undefined ? "unknown" : "config",
                detail: `server_id=${cfgEntry.value} (${cfgEntry.origin})`,
                reserved,
            };
        }
        if (script) {
            if (script.kind === "ordinal") {
                const ordinal = Number(/-(\d+)$/.exec(pod)?.[1] ?? "0");
                return {
                    pod,
                    id: script.base + ordinal,
                    source: "script-ordinal",
                    detail: `server-id=${script.expr} in the pod's script, derived from the pod ordinal ${ordinal}`,
                    reserved,
                };
            }
            if (script.kind === "constant")
                return { pod, id: script.id, source: "script-constant", detail: `server-id=${script.expr} in the pod's script`, reserved };
            return {
                pod,
                source: "unknown",
                detail: `server-id=${script.expr} in the pod's script cannot be evaluated before deploy`,
                reserved,
            };
        }
        if (annotated !== undefined)
            return { pod, id: annotated, source: "annotation", detail: `annotation ${KEYS.serverId}=${annotated}`, reserved };
        if (w.unreadableConfig.length)
            return { pod, source: "unknown", detail: `the configuration (${w.unreadableConfig.join(", ")}) cannot be read`, reserved };
        const def = defaultServerId(w.flavor, w.version);
        return def === undefined
            ? { pod, source: "unknown", detail: "no server_id is configured and the server version is unknown", reserved }
            : {
                  pod,
                  id: def,
                  source: "default",
                  detail: `no server_id is configured, so ${w.flavor} ${formatVersion(w.version!)} uses its default ${def}`,
                  reserved,
              };
    });
}

/** Every MySQL workload of a stack. */
export function mysqlWorkloads(resources: readonly ResourceLike[], index: StackIndex = indexStack(resources)): MysqlWorkload[] {
    const out: MysqlWorkload[] = [];
    for (const r of resources) {
        const w = readWorkload(r, index);
        if (w) out.push(w);
    }
    return out;
}

/** Workloads grouped by cluster (`namespace/cluster`), in first-seen order. */
export function clustersOf(workloads: readonly MysqlWorkload[]): Map<string, MysqlWorkload[]> {
    const out = new Map<string, MysqlWorkload[]>();
    for (const w of workloads) out.set(w.clusterKey, [...(out.get(w.clusterKey) ?? []), w]);
    return out;
}
