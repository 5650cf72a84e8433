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
import { managedReason } from "../../components/mysqld/managed-options";
import { resolveTemplate } from "../../components/planner/template-version";
import type { ClusterSpec, Flavor } from "../../components/spec/types";
import { mustParseVersion, type ServerVersion } from "../../components/versions/version";
import type { StackModel } from "./policy";
import { arr, at, known, obj, str, type ResourceLike } from "./resources";
import type { MysqlWorkload } from "./workloads";

/** Where the settings rules are documented, for messages about a setting the table has no row for. */
export const SETTINGS_SOURCE = "docs/compatibility.md#renamed-and-removed-settings";

/** One judged setting. */
export interface JudgedSetting {
    /** Where it applies: `StatefulSet ns/name` or `MySqlCluster orders, template canary-84`. */
    subject: string;
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
        out.push({
            subject: w.display,
            resource: w.resource,
            rawName: s.rawName,
            value: s.value,
            origin: s.origin,
            flavor: w.flavor,
            version: w.version,
            verdict: judgeSetting(s.rawName, w.flavor, w.version, extraKnown),
            renderedByMyriad: w.managed && managedReason(s.name) !== undefined,
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
                subject: `MySqlCluster ${spec.name ?? r.name}, template ${tpl.name}`,
                resource: r,
                rawName,
                value: String(value),
                origin: `template '${tpl.name}' config`,
                flavor: resolved.flavor,
                version,
                verdict: judgeSetting(rawName, resolved.flavor, version, extraKnown),
                managed: managedReason(rawName),
                renderedByMyriad: false,
                fromComponent: true,
            });
        }
    });
    return out;
}

/** Every judged setting of the stack. */
export function judgedSettings(model: StackModel, extraKnown: ReadonlySet<string> = new Set()): JudgedSetting[] {
    const out: JudgedSetting[] = [];
    for (const w of model.workloads) out.push(...fromWorkload(w, extraKnown));
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
