/**
 * Runs a Pulumi program under the SDK's mocks (no engine, no CLI, no cluster) and records every resource it
 * registers. Used by the component tests, by `myriad render` and by the offline policy check.
 *
 * How it works (@pulumi/pulumi 3.248.0, read from `runtime/mocks.js`, `runtime/settings.js`,
 * `runtime/stack.js`; https://www.pulumi.com/docs/iac/guides/testing/unit/):
 * - `setMocks` installs a fresh `MockMonitor`. We wrap its `registerResource` so that we see the whole request
 *   (parent URN, dependencies, protect, retainOnDelete, additionalSecretOutputs, ...): the public
 *   `MockResourceArgs` carry none of the resource options (pulumi/pulumi#14421).
 * - The program runs inside `runInPulumiStack`, exactly like a real program: every resource without an explicit
 *   parent is parented to the `pulumi:pulumi:Stack` resource and the program's return value becomes the stack
 *   outputs (recorded from `registerResourceOutputs`, secrets kept as secret envelopes).
 * - Completion: every `registerResource` / `registerResourceOutputs` takes an `rpcKeepAlive` token before it
 *   starts preparing inputs; `waitForRPCs` (exported by `runtime/settings`, marked @internal so absent from the
 *   .d.ts) resolves once that chain has drained and no new work was queued meanwhile. This is what
 *   `pulumi.runtime.disconnect()` awaits before a real program exits.
 * - The engine, not the SDK, turns `additionalSecretOutputs` into secrets, so mocks would leave
 *   `RandomPassword.result` in plaintext (https://www.pulumi.com/docs/iac/concepts/secrets/#additional-secret-outputs). We emulate the engine: outputs named in
 *   `additionalSecretOutputs` are returned as secrets.
 *
 * Global state: the Pulumi runtime keeps its settings, config and monitor in a process-wide store. Runs in one
 * process are therefore serialised (a queue below): calling `runUnderMocks` several times, even concurrently,
 * is safe; the runs simply happen one after another. Each run installs its own monitor and replaces the whole
 * configuration, so nothing leaks from one run to the next.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** A secret value as Pulumi serialises it (`{ "4dabf...": "1b470...", value }`). */
export interface SecretEnvelope {
    [pulumi.runtime.specialSigKey]: typeof pulumi.runtime.specialSecretSig;
    value: unknown;
}

/** True when `v` is a secret envelope. */
export function isSecretEnvelope(v: unknown): v is SecretEnvelope {
    return (
        typeof v === "object" &&
        v !== null &&
        (v as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
    );
}

/** Resource options as the engine would receive them. */
export interface RecordedOptions {
    /** `protect`, when the program set it (explicitly or inherited from the parent). */
    protect?: boolean;
    retainOnDelete?: boolean;
    deleteBeforeReplace?: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    additionalSecretOutputs: string[];
    /** Custom timeouts as strings (`"10m"`), when set. */
    customTimeouts?: { create?: string; update?: string; delete?: string };
}

/** One resource the program registered. */
export interface RecordedResource {
    /** URN as the mock monitor computed it (`urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`). */
    urn: string;
    /** Type token, e.g. `kubernetes:apps/v1:StatefulSet`. */
    type: string;
    /** Logical (Pulumi) name. */
    name: string;
    /** True for custom (provider) resources, false for components and the stack. */
    custom: boolean;
    /** URN of the parent, absent for the stack itself. */
    parent?: string;
    /** URNs the resource depends on: explicit `dependsOn` plus the resources its inputs came from. */
    dependencies: string[];
    /** Inputs as sent to the engine; secrets are `SecretEnvelope`s, never plain. */
    inputs: Record<string, unknown>;
    options: RecordedOptions;
    /** Outputs registered with `registerOutputs` (components and the stack), secrets as envelopes. */
    outputs?: Record<string, unknown>;
}

/** The result of one mocked run. */
export interface MockRunResult<T> {
    /** Every registered resource, in construction (program) order, the stack first. */
    resources: RecordedResource[];
    /** The program's return value as stack outputs (Outputs resolved, secrets as `SecretEnvelope`s). */
    outputs: Record<string, unknown>;
    /** The program's raw return value (Outputs not resolved), for callers that need live objects. */
    value: T;
}

/** Options of `runUnderMocks`. */
export interface MockRunOptions {
    /** Pulumi project name; config keys without a namespace get this prefix. Default: `myriad`. */
    project?: string;
    /** Stack name. Default: `dev`. */
    stack?: string;
    /** Run as a preview (`pulumi.runtime.isDryRun()`). Default: false. Unknown outputs never resolve in preview. */
    preview?: boolean;
    /** Config keys to mark secret. Default: none. */
    secretKeys?: string[];
    /**
     * What the mock provider returns as a Kubernetes object's state: "identity" (`apiVersion`, `kind`, `metadata`,
     * the default) or "inputs" (every input echoed). Outputs are the same either way outside preview (the SDK
     * fills missing outputs from the inputs); "identity" is cheaper. Other resources always echo.
     */
    kubernetesState?: "identity" | "inputs";
}

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
const RANDOM_UUID = "random:index/randomUuid:RandomUuid";
const RANDOM_STRING = "random:index/randomString:RandomString";

function digest(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}

/**
 * Deterministic stand-in for a generated password: `MOCKPW` followed by hex of the resource name's hash,
 * `length` characters in all. Letters and digits only, so it satisfies any `special: false` password, and it is
 * distinctive, so tests can search rendered objects for it.
 */
export function mockPassword(name: string, length: number): string {
    let s = "MOCKPW";
    let seed = name;
    while (s.length < length) {
        seed = digest(seed);
        s += seed;
    }
    return s.slice(0, Math.max(length, 1));
}

/** Deterministic RFC 4122 (version 4 layout) UUID derived from the resource name. */
export function mockUuid(name: string): string {
    const h = digest(`uuid:${name}`);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * What the mock provider returns for one resource, plus what the real provider would compute. A Kubernetes
 * object's state is its identity (`apiVersion`, `kind`, `metadata`) unless `echo` is "inputs". The program's
 * outputs are the same either way (outside preview the SDK fills every output the provider did not return from
 * the resource's input, tests/infra/mock-state.test.ts); echoing a StatefulSet back only costs a second full
 * serialization through protobuf (docs/performance.md).
 */
function mockState(type: string, name: string, inputs: Record<string, unknown>, echo: "inputs" | "identity"): Record<string, unknown> {
    const kube = type.startsWith("kubernetes:");
    const state: Record<string, unknown> =
        kube && echo === "identity" ? { apiVersion: inputs.apiVersion, kind: inputs.kind } : { ...inputs };
    if (kube) {
        const meta = (inputs.metadata ?? {}) as Record<string, unknown>;
        // The Kubernetes provider auto-names objects without a name (`<name>-<random>`); mocks do not
        // (https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming). Emulate it deterministically.
        state.metadata = { ...meta, name: meta.name ?? `${name}-${digest(name).slice(0, 8)}` };
    }
    if (type === RANDOM_PASSWORD) {
        const length = typeof inputs.length === "number" ? inputs.length : 16;
        state.result = mockPassword(name, length);
        state.bcryptHash = `$2a$10$${digest(`bcrypt:${name}`).slice(0, 53)}`;
    }
    if (type === RANDOM_STRING) {
        const length = typeof inputs.length === "number" ? inputs.length : 16;
        state.result = mockPassword(name, length).toLowerCase();
    }
    if (type === RANDOM_UUID) state.result = mockUuid(name);
    return state;
}

interface RequestContext {
    parent: string;
    dependencies: string[];
    options: RecordedOptions;
}

/** The parts of the mock monitor's protobuf request we read (all present in 3.248.0's resource_pb.js). */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    hasProtect?(): boolean;
    getProtect(): boolean;
    getRetainondelete?(): boolean;
    hasRetainondelete?(): boolean;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}

interface MonitorLike {
    registerResource(req: RegisterRequest, cb: (err: unknown, resp: { getUrn(): string } | undefined) => void): Promise<void>;
    registerResourceOutputs(
        req: { getUrn(): string; getOutputs(): { toJavaScript(): unknown } | undefined },
        cb: (err: unknown, resp: unknown) => void,
    ): void;
}

function optionsOf(req: RegisterRequest): RecordedOptions {
    const timeouts = req.getCustomtimeouts();
    const protect = req.hasProtect ? (req.hasProtect() ? req.getProtect() : undefined) : req.getProtect() || undefined;
    const retain = req.hasRetainondelete
        ? req.hasRetainondelete()
            ? req.getRetainondelete!()
            : undefined
        : req.getRetainondelete?.() || undefined;
    return {
        protect,
        retainOnDelete: retain,
        deleteBeforeReplace: req.getDeletebeforereplace() || undefined,
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        customTimeouts:
            timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())
                ? {
                      create: timeouts.getCreate() || undefined,
                      update: timeouts.getUpdate() || undefined,
                      delete: timeouts.getDelete() || undefined,
                  }
                : undefined,
    };
}

function secretEnvelope(value: unknown): SecretEnvelope {
    return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

/** `runtime/settings.waitForRPCs`: @internal in the typings, present at runtime (see the header). */
function waitForRPCs(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
    if (typeof settings.waitForRPCs !== "function") {
        throw new Error(
            "@pulumi/pulumi no longer exports runtime/settings.waitForRPCs; infra/mock-engine/runtime.ts must be updated for this SDK version",
        );
    }
    return settings.waitForRPCs();
}

/**
 * Registrations complete in an order that depends on input resolution (a Secret built from a password is
 * registered after the password). Sort them back into program order (the stack first), so that listings and
 * rendered output follow the program.
 */
function inConstructionOrder(resources: RecordedResource[], constructed: string[]): RecordedResource[] {
    const slots = new Map<string, number[]>();
    constructed.forEach((key, i) => {
        const list = slots.get(key) ?? [];
        list.push(i);
        slots.set(key, list);
    });
    const rank = new Map<RecordedResource, number>();
    for (const r of resources) {
        const list = slots.get(`${r.type}\u0000${r.name}`);
        rank.set(r, r.type === "pulumi:pulumi:Stack" ? -1 : (list?.shift() ?? constructed.length));
    }
    return [...resources].sort((a, b) => rank.get(a)! - rank.get(b)!);
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` under Pulumi mocks with the given stack configuration and returns every registered resource
 * and the stack outputs. `config` keys are `namespace:key` (a key without namespace gets the project's); values
 * that are not strings are stored as JSON, as the CLI does for structured config.
 *
 * Rejects when the program throws (for example `InvalidSpecError`) or when a registration fails. Duplicate URNs,
 * which the real engine rejects but the mock monitor accepts, are reported as an error too.
 */
export function runUnderMocks<T>(
    config: Record<string, unknown>,
    program: () => T | Promise<T>,
    opts: MockRunOptions = {},
): Promise<MockRunResult<T>> {
    const run = queue.then(() => runOnce(config, program, opts));
    queue = run.catch(() => undefined);
    return run;
}

async function runOnce<T>(config: Record<string, unknown>, program: () => T | Promise<T>, opts: MockRunOptions): Promise<MockRunResult<T>> {
    const project = opts.project ?? "myriad";
    const stack = opts.stack ?? "dev";
    const resources: RecordedResource[] = [];
    const byUrn = new Map<string, RecordedResource>();
    const failures: string[] = [];
    const constructed: string[] = [];
    let current: RequestContext | undefined;
    let pending: RecordedResource | undefined;

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                const ctx = current;
                current = undefined;
                const inputs = (args.inputs ?? {}) as Record<string, unknown>;
                pending = {
                    urn: "",
                    type: args.type,
                    name: args.name,
                    custom: args.custom ?? false,
                    parent: ctx?.parent || undefined,
                    dependencies: ctx?.dependencies ?? [],
                    inputs,
                    options: ctx?.options ?? { ignoreChanges: [], replaceOnChanges: [], additionalSecretOutputs: [] },
                };
                const state = mockState(args.type, args.name, inputs, opts.kubernetesState ?? "identity");
                for (const key of ctx?.options.additionalSecretOutputs ?? []) {
                    if (key in state && !isSecretEnvelope(state[key])) state[key] = secretEnvelope(state[key]);
                }
                return { id: args.custom ? `${args.name}-id` : undefined, state };
            },
            call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
                return args.inputs as Record<string, unknown>;
            },
        },
        project,
        stack,
        opts.preview ?? false,
    );

    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        // The mock monitor calls `mocks.newResource` synchronously at the start of `registerResource`, so the
        // context set here is the one `newResource` reads (and clears) for this very request.
        current = { parent: req.getParent(), dependencies: req.getDependenciesList(), options: optionsOf(req) };
        let record: RecordedResource | undefined;
        const done = register(req, (err, resp) => {
            record = record ?? pending;
            if (err || !resp) {
                failures.push(`${req.getType()} '${req.getName()}': ${err instanceof Error ? err.message : String(err)}`);
            } else if (!record || record.type !== req.getType() || record.name !== req.getName()) {
                failures.push(
                    `${req.getType()} '${req.getName()}': registration not recorded (the mock monitor no longer calls newResource synchronously; update infra/mock-engine/runtime.ts)`,
                );
            } else {
                record.urn = resp.getUrn();
                if (byUrn.has(record.urn)) failures.push(`duplicate URN ${record.urn} (the engine would reject the second registration)`);
                byUrn.set(record.urn, record);
                resources.push(record);
            }
            cb(err, resp);
        });
        record = pending;
        pending = undefined;
        current = undefined;
        return done;
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        const rec = byUrn.get(req.getUrn());
        if (rec) rec.outputs = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        registerOutputs(req, cb);
    };

    const all: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
        const key = k.includes(":") ? k : `${project}:${k}`;
        all[key] = typeof v === "string" ? v : JSON.stringify(v);
    }
    pulumi.runtime.setAllConfig(
        all,
        opts.secretKeys?.map((k) => (k.includes(":") ? k : `${project}:${k}`)),
    );

    let value: T | undefined;
    let programError: unknown;
    let failed = false;
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            // Construction order: a stack transformation runs synchronously in every Resource constructor (it is
            // inherited by all descendants of the stack), so it sees resources in program order.
            pulumi.runtime.registerStackTransformation((t) => {
                constructed.push(`${t.type}\u0000${t.name}`);
                return undefined;
            });
            // A program error is caught here, not left to reject the stack's initialisation: nothing awaits that
            // promise under mocks (the language host would), so it would surface as an unhandled rejection.
            try {
                value = await program();
                return value;
            } catch (e) {
                failed = true;
                programError = e;
                return undefined;
            }
        });
    } catch (e) {
        if (!failed) {
            failed = true;
            programError = e;
        }
    }
    await waitForRPCs();
    if (failed) throw programError;
    if (failures.length) throw new Error(`resource registration failed under mocks:\n  - ${failures.join("\n  - ")}`);
    const stackResource = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return { resources: inConstructionOrder(resources, constructed), outputs: stackResource?.outputs ?? {}, value: value as T };
}
