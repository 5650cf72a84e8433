/**
 * What `verify` connects to and what each instance must look like, from the plan plus either
 * - a local run (`--local [--dir DIR]`): endpoints, versions and report_host from DIR/state.json, or
 * - an endpoints file (`--endpoints FILE`): each online instance's name mapped to the `host:port` that
 *   reaches it (for example through `kubectl port-forward`), YAML or JSON:
 *     orders-0: 127.0.0.1:13306
 *     orders-1: { host: 127.0.0.1, port: 13307 }
 */
import * as fs from "node:fs";
import * as YAML from "yaml";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import { MYSQL_PORT } from "../../components/runtime/contract";
import { openRun } from "../local/runtime";
import { clientCnfPath } from "../local/secrets";
import { DEFAULT_DIR, resolveDir, type LocalState } from "../local/state";
import type { VerifyTarget } from "./checks";

/** A reachable address. */
export interface Endpoint {
    host: string;
    port: number;
}

/** Parses `host:port` (IPv6 in brackets: `[::1]:3306`). */
export function parseHostPort(text: string): Endpoint | undefined {
    const m = /^\s*(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})\s*$/.exec(text);
    if (!m) return undefined;
    const port = Number(m[3]);
    if (port < 1 || port > 65535) return undefined;
    return { host: m[1] ?? m[2], port };
}

/** Reads an endpoints file (see the module comment). Throws with a message naming the bad entry. */
export function readEndpoints(file: string): Map<string, Endpoint> {
    let doc: unknown;
    try {
        doc = YAML.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`cannot read the endpoints file ${file}: ${(e as Error).message}`);
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error(`the endpoints file ${file} must map instance names to host:port (for example 'orders-0: 127.0.0.1:13306')`);
    }
    const out = new Map<string, Endpoint>();
    for (const [name, v] of Object.entries(doc as Record<string, unknown>)) {
        let ep: Endpoint | undefined;
        if (typeof v === "string") ep = parseHostPort(v);
        else if (v && typeof v === "object" && typeof (v as Endpoint).host === "string" && Number.isInteger(Number((v as Endpoint).port))) {
            ep = { host: (v as Endpoint).host, port: Number((v as Endpoint).port) };
        }
        if (!ep) throw new Error(`the endpoints file ${file}: '${name}' is ${JSON.stringify(v)}, expected host:port or { host, port }`);
        out.set(name, ep);
    }
    return out;
}

/**
 * Group Replication clusters are refused: their checks (member states, the elected primary, consistency)
 * are not implemented, and checking them as asynchronous replicas would report false drift.
 */
export function refuseGroupMode(plans: readonly ClusterPlan[]): void {
    const group = plans.filter((p) => p.mode === "group").map((p) => p.name);
    if (group.length) {
        throw new Error(
            `cluster(s) ${group.join(", ")} use mode 'group': myriad verify does not check Group Replication yet ` +
                "(inspect performance_schema.replication_group_members instead); verify the other clusters with a configuration without them",
        );
    }
}

function sourceOfInst(plan: ClusterPlan, inst: InstancePlan): InstancePlan | undefined {
    return inst.source === null ? undefined : plan.instances.find((i) => i.ordinal === inst.source);
}

/**
 * Targets for a cluster reached through an endpoints file: every online instance must have an endpoint;
 * names the plan does not have online are errors (a typo would otherwise skip an instance silently).
 * Expected report_host and replication source are the planned DNS names (port 3306), plus the source's
 * endpoint when replicas reach it directly.
 */
export function targetsFromEndpoints(plans: readonly ClusterPlan[], endpoints: ReadonlyMap<string, Endpoint>): VerifyTarget[] {
    refuseGroupMode(plans);
    const problems: string[] = [];
    const online = plans.flatMap((p) => p.instances.filter((i) => i.state === "online").map((i) => ({ plan: p, inst: i })));
    const known = new Set(online.map((o) => o.inst.name));
    for (const name of endpoints.keys())
        if (!known.has(name)) problems.push(`'${name}' is not an online instance of the plan (online: ${[...known].join(", ")})`);
    const targets: VerifyTarget[] = [];
    for (const { plan, inst } of online) {
        const ep = endpoints.get(inst.name);
        if (!ep) {
            problems.push(`no endpoint for ${inst.name}`);
            continue;
        }
        const src = sourceOfInst(plan, inst);
        const srcEp = src ? endpoints.get(src.name) : undefined;
        targets.push({
            cluster: plan.name,
            name: inst.name,
            ordinal: inst.ordinal,
            role: inst.role,
            serverId: inst.serverId,
            flavor: inst.flavor,
            version: inst.version,
            plannedVersion: inst.version,
            host: ep.host,
            port: ep.port,
            reportHost: inst.host,
            source: src?.name ?? null,
            sourceAddresses: src ? [...new Set([`${src.host}:${MYSQL_PORT}`, ...(srcEp ? [`${srcEp.host}:${srcEp.port}`] : [])])] : [],
            maxLagSeconds: plan.maxReplicaLagSeconds,
        });
    }
    if (problems.length) throw new Error(`endpoints do not match the plan: ${problems.join("; ")}`);
    return targets;
}

/**
 * Targets for a local run: endpoints, report_host (127.0.0.1) and the running binary's version and
 * flavour from the state; everything else from `plans` (the recorded configuration, or the one given).
 */
export function targetsFromLocal(plans: readonly ClusterPlan[], state: LocalState): VerifyTarget[] {
    refuseGroupMode(plans);
    const problems: string[] = [];
    const targets: VerifyTarget[] = [];
    for (const plan of plans) {
        for (const inst of plan.instances) {
            if (inst.state !== "online") continue;
            const li = state.instances.find((i) => i.name === inst.name && i.cluster === plan.name);
            if (!li) {
                problems.push(
                    `${inst.name} is online in the plan but not part of the local run (run 'myriad local up' with this configuration)`,
                );
                continue;
            }
            const src = sourceOfInst(plan, inst);
            const srcLi = src ? state.instances.find((i) => i.name === src.name && i.cluster === plan.name) : undefined;
            targets.push({
                cluster: plan.name,
                name: inst.name,
                ordinal: inst.ordinal,
                role: inst.role,
                serverId: inst.serverId,
                flavor: li.binaryFlavor ?? inst.flavor,
                version: li.plannedVersion === inst.version ? li.version : inst.version,
                plannedVersion: inst.version,
                host: li.host,
                port: li.port,
                reportHost: li.host,
                source: src?.name ?? null,
                sourceAddresses: srcLi ? [`${srcLi.host}:${srcLi.port}`] : [],
                maxLagSeconds: plan.maxReplicaLagSeconds,
            });
        }
    }
    if (problems.length) throw new Error(problems.join("; "));
    return targets;
}

/** Where verify finds its targets: a local run, or an endpoints file (which needs the plan). */
export interface TargetOptions {
    /** A cluster started by `myriad local up`, in `dir` (default `.myriad/local`). */
    local?: boolean;
    dir?: string;
    /** An endpoints file (see the module comment). */
    endpoints?: string;
    /** The plan given on the command line; a local run defaults to the configuration it recorded. */
    plans?: readonly ClusterPlan[];
}

/**
 * The targets of a verify run and, for a local run, the administrator's client option file (a credentials
 * fallback). Throws with a message saying what is missing.
 */
export function resolveTargets(opts: TargetOptions): { targets: VerifyTarget[]; localClientCnf?: string } {
    if (opts.local) {
        const dir = resolveDir(opts.dir);
        const run = openRun(dir);
        if (!run)
            throw new Error(
                `no local run in ${dir} (no state.json). Fix: start one with 'myriad local up --stack NAME --dir ${opts.dir ?? DEFAULT_DIR}'`,
            );
        return { targets: targetsFromLocal(opts.plans ?? run.plans, run.state), localClientCnf: clientCnfPath(dir) };
    }
    if (!opts.plans) throw new Error("--endpoints needs the plan: pass --stack NAME or --config FILE");
    return { targets: targetsFromEndpoints(opts.plans, readEndpoints(opts.endpoints!)) };
}
