/**
 * The settings the config policies judge, with the server each one applies to:
 *
 * - every setting of every MySQL workload (mounted option files, command-line options) against the
 *   workload's flavour and version; for component-created workloads the settings the component itself
 *   manages (components/mysqld/managed-options.ts) are its responsibility, so they are judged only for
 *   existence (removed / not yet added), never for deprecation or spelling;
 * - the template `config` of MySqlCluster components whose inputs the stack exposes (the offline check sees
 *   them; Pulumi keeps component inputs in the state): each key against the template's version, plus the
 *   managed-key rule. The planner refuses managed keys before any resource exists, so in practice the
 *   component's own program never gets this far with one; the check guards other ways of building the inputs.
 */
import { judgeSetting, type SettingVerdict } from "../../components/compat/settings";
import { managedReason, unsafeSetting } from "../../components/mysqld/managed-options";
import { resolveTemplate } from "../../components/planner/template-version";
import type { ClusterSpec, Flavor } from "../../components/spec/types";
import { mustParseVersion, type ServerVersion } from "../../components/versions/version";
import type { StackModel } from "./policy";
import { arr, at, known, obj, str, type ResourceLike } from "./resources";
import type { MysqlWorkload } from "./workloads";

/** Where the settings rules are documented, for messages about a setting the catalog has no page for. */
export const SETTINGS_SOURCE = "docs/compatibility.md#settings-catalog";

/** One judged setting. */
export interface JudgedSetting {
    /**
     * Where it applies: `StatefulSet ns/name`, or for a component-created workload the template, once for all
     * its StatefulSets: `MySqlCluster staging/orders, template 'canary-84' (StatefulSet staging/orders-10)`.
     */
    subject: string;
    /** The template, for component-created workloads and component inputs. */
    template?: string;
    /** The StatefulSets of the template that carry the setting (one judgement for all of them). */
    workloads: string[];
    /** The resource to report against. */
    resource: ResourceLike;
    rawName: string;
    value: string;
    /** Where it was written. */
    origin: string;
    flavor: Flavor;
    version: ServerVersion;
    verdict: SettingVerdict;
    /** For component inputs: the reason the key is managed, if it is. */
    managed?: string;
    /**
     * A setting that switches off authentication or networking or runs code at start-up (`REFUSED`), in a
     * component's inputs or in the option files of a workload the component created.
     */
    unsafe?: { reason: string; fix: string };
    /** The workload is component-created and the key is one the component manages (rendered by Myriad). */
    renderedByMyriad: boolean;
    /**
     * From a MySqlCluster component's inputs. Those keys also appear in the rendered my.cnf of every instance of
     * the template, which is where version validity is judged; component entries carry only the managed-key rule.
     */
    fromComponent: boolean;
}

/** True for a MySqlCluster component resource whose inputs carry the specification. */
export function isClusterComponent(r: ResourceLike): boolean {
    return r.type.endsWith(":MySqlCluster") && obj(at(r.props, "spec")) !== undefined;
}

function fromWorkload(w: MysqlWorkload, extraKnown: ReadonlySet<string>): JudgedSetting[] {
    if (!w.version) return [];
    const out: JudgedSetting[] = [];
    for (const s of w.settings) {
        const rendered = w.managed && managedReason(s.name) !== undefined;
        const rawName = s.rawName;
        out.push({
            subject: w.managed && w.template ? `MySqlCluster ${w.clusterKey}, template '${w.template}'` : w.display,
            template: w.managed ? w.template : undefined,
            workloads: [w.display],
            resource: w.resource,
            rawName,
            value: s.value,
            origin: s.origin,
            flavor: w.flavor,
            version: w.version,
            verdict: judgeSetting(rawName, w.flavor, w.version, extraKnown),
            unsafe: w.managed ? unsafeSetting(rawName) : undefined,
            renderedByMyriad: rendered,
            fromComponent: false,
        });
    }
    return out;
}

function fromComponent(r: ResourceLike, extraKnown: ReadonlySet<string>): JudgedSetting[] {
    const spec = known(() => JSON.parse(JSON.stringify(at(r.props, "spec"))) as ClusterSpec, undefined);
    if (!spec || !Array.isArray(spec.templates)) return [];
    const out: JudgedSetting[] = [];
    spec.templates.forEach((tpl, t) => {
        const resolved = resolveTemplate(spec, t);
        if (!resolved.version) return;
        const version = mustParseVersion(resolved.version);
        for (const [rawName, value] of Object.entries(tpl.config ?? {})) {
            out.push({
                subject: `MySqlCluster ${spec.name ?? r.name}, template '${tpl.name}'`,
                template: tpl.name,
                workloads: [],
                resource: r,
                rawName,
                value: String(value),
                origin: `template '${tpl.name}' config`,
                flavor: resolved.flavor,
                version,
                verdict: judgeSetting(rawName, resolved.flavor, version, extraKnown),
                managed: unsafeSetting(rawName) ? undefined : managedReason(rawName),
                unsafe: unsafeSetting(rawName),
                renderedByMyriad: false,
                fromComponent: true,
            });
        }
    });
    return out;
}

/**
 * The settings of a template's StatefulSets judged once: entries of component-created workloads with the same
 * cluster, template, key, value, flavour and version are one judgement listing every StatefulSet.
 */
function oncePerTemplate(entries: readonly JudgedSetting[]): JudgedSetting[] {
    const out: JudgedSetting[] = [];
    const seen = new Map<string, JudgedSetting>();
    for (const e of entries) {
        if (!e.template) {
            out.push(e);
            continue;
        }
        const key = [e.subject, e.rawName, e.value, e.flavor, `${e.version.major}.${e.version.minor}.${e.version.patch}`].join("\u0000");
        const first = seen.get(key);
        if (first) {
            for (const w of e.workloads) if (!first.workloads.includes(w)) first.workloads.push(w);
            continue;
        }
        const copy = { ...e, workloads: [...e.workloads] };
        seen.set(key, copy);
        out.push(copy);
    }
    for (const e of out) if (e.template && e.workloads.length) e.subject = `${e.subject} (${e.workloads.join(", ")})`;
    return out;
}

/** Every judged setting of the stack (a template's setting once for all its StatefulSets). */
export function judgedSettings(model: StackModel, extraKnown: ReadonlySet<string> = new Set()): JudgedSetting[] {
    const out: JudgedSetting[] = [];
    const fromWorkloads: JudgedSetting[] = [];
    for (const w of model.workloads) fromWorkloads.push(...fromWorkload(w, extraKnown));
    // One push per setting: spreading a stack's worth of settings into push() overflows the call stack.
    for (const s of oncePerTemplate(fromWorkloads)) out.push(s);
    for (const r of model.resources) if (isClusterComponent(r)) out.push(...fromComponent(r, extraKnown));
    return out;
}

/** Extra known setting names from a policy's `knownSettings` configuration. */
export function extraKnownSettings(value: unknown): Set<string> {
    return new Set(
        arr(value)
            .map((v) => str(v)?.trim().toLowerCase().replace(/-/g, "_"))
            .filter((v): v is string => !!v),
    );
}
