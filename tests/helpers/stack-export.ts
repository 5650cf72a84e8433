/**
 * A `pulumi stack export` document (deployment version 3) of the Myriad program, made by running the program
 * under the mock engine and laying its resources out the way the Pulumi CLI writes a stack's state: one entry
 * per resource with its URN, type, `custom`, `id`, `inputs` and `outputs` (secret values as
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:…"}`), `parent`,
 * `dependencies`, `protect`, `provider` and timestamps; the stack first, then the default providers.
 * The fixture `tests/fixtures/transition/v1.state.json` is made with it (`UPDATE_FIXTURES=1 npx jest tests/cli/check-base`,
 * then `npx prettier --write` on the file).
 */
import * as crypto from "node:crypto";
import { isSecretEnvelope, runUnderMocks, type RecordedResource } from "../../infra/mock-engine/runtime";
import { program } from "../../infra/program/program";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const TIME = "2026-11-30T09:00:00.000000Z";

function ciphertext(value: unknown): Record<string, string> {
    const digest = crypto.createHash("sha256").update(JSON.stringify(value)).digest("base64");
    return { [SECRET_SIG]: SECRET_VALUE, ciphertext: `v1:${digest.slice(0, 16)}:${digest.slice(16)}` };
}

/** Secret envelopes of the mock engine as the CLI stores secrets in an export without --show-secrets. */
function exported(value: unknown): unknown {
    if (isSecretEnvelope(value)) return ciphertext(value.value);
    if (Array.isArray(value)) return value.map(exported);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = exported(v);
        return out;
    }
    return value;
}

function providerOf(type: string): string {
    return type.split(":")[0];
}

function idOf(r: RecordedResource): string {
    const md = r.inputs.metadata as { name?: string; namespace?: string } | undefined;
    if (r.type.startsWith("kubernetes:") && md?.name) return md.namespace ? `${md.namespace}/${md.name}` : md.name;
    return crypto.createHash("sha256").update(r.urn).digest("hex").slice(0, 20);
}

/** The export document of the program run on `config` (stack configuration `namespace:key` -> value). */
export async function stackExport(config: Record<string, unknown>, stack: string, project = "myriad"): Promise<Record<string, unknown>> {
    const run = await runUnderMocks(config, () => program(), { stack, project });
    const stackUrn =
        run.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ??
        `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
    const providers = new Map<string, { urn: string; id: string; version: string }>();
    const versions: Record<string, string> = { kubernetes: "4.23.0", random: "4.18.2" };
    for (const r of run.resources) {
        if (!r.custom) continue;
        const pkg = providerOf(r.type);
        if (providers.has(pkg)) continue;
        const version = versions[pkg] ?? "1.0.0";
        const name = `default_${version.replace(/\./g, "_")}`;
        providers.set(pkg, {
            urn: `urn:pulumi:${stack}::${project}::pulumi:providers:${pkg}::${name}`,
            id: crypto
                .createHash("sha256")
                .update(pkg)
                .digest("hex")
                .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, "$1-$2-$3-$4-$5"),
            version,
        });
    }
    const resources: Record<string, unknown>[] = [];
    for (const r of run.resources) {
        if (r.type === "pulumi:pulumi:Stack") {
            resources.push({
                urn: stackUrn,
                custom: false,
                type: r.type,
                outputs: exported(r.outputs ?? {}),
                created: TIME,
                modified: TIME,
            });
            for (const p of providers.values()) {
                const pkg = p.urn.split("pulumi:providers:")[1].split("::")[0];
                resources.push({
                    urn: p.urn,
                    custom: true,
                    id: p.id,
                    type: `pulumi:providers:${pkg}`,
                    inputs: { __internal: { pluginDownloadURL: "" }, version: p.version },
                    outputs: { version: p.version },
                    created: TIME,
                    modified: TIME,
                });
            }
            continue;
        }
        const entry: Record<string, unknown> = { urn: r.urn, custom: r.custom };
        if (r.custom) entry.id = idOf(r);
        entry.type = r.type;
        if (r.custom) {
            const inputs = exported(r.inputs) as Record<string, unknown>;
            const kind = r.type.startsWith("kubernetes:");
            entry.inputs = inputs;
            entry.outputs = kind ? { ...inputs, status: {} } : inputs;
        } else if (r.outputs) {
            entry.outputs = exported(r.outputs);
        }
        entry.parent = r.parent ?? stackUrn;
        if (r.options.protect) entry.protect = true;
        if (r.options.retainOnDelete) entry.retainOnDelete = true;
        if (r.dependencies.length) entry.dependencies = r.dependencies;
        if (r.custom) {
            const p = providers.get(providerOf(r.type))!;
            entry.provider = `${p.urn}::${p.id}`;
            entry.propertyDependencies = {};
        }
        entry.created = TIME;
        entry.modified = TIME;
        resources.push(entry);
    }
    return {
        version: 3,
        deployment: {
            manifest: { time: TIME, magic: "0f5d4f8d8e1bb5e8ab4b7e8e2ff5b0e6a0f9a6e6a7e9e1c3b3c2c1c0bfbebdbc", version: "v3.200.0" },
            secrets_providers: {
                type: "passphrase",
                state: { salt: "v1:bXlyaWFkLWZpeHR1cmU=:v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
            },
            resources,
        },
    };
}
