/**
 * `[mysqld]` options a user's `config` may not set, derived from the data maps of ./server-settings.ts:
 *
 * - managed: every spelling a `FORCED` setting has in any version (log_slave_updates and log_replica_updates
 *   alike), the options that would undo one (`alsoRefuses`), and the replication-mode prefixes. A user override
 *   would break identity, replication or the role model.
 * - unsafe: the `REFUSED` settings, which would switch off authentication or networking or run code at start-up.
 *
 * The planner refuses either as a structural error and the policy pack reports it (component inputs and the my.cnf
 * of the component's workloads read from manifests).
 */
import { canonicalOption } from "./option-file";
import { FORCED, MANAGED_PREFIXES as PREFIX_REASONS, REFUSED, spellingsOf, type ForcedSetting } from "./server-settings";

export { canonicalOption };

function managedOptions(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const s of Object.values(FORCED) as ForcedSetting[]) {
        if (s.refused === undefined) continue; // under a managed prefix
        for (const name of [...spellingsOf(s), ...(s.alsoRefuses ?? []).map(canonicalOption)]) out[name] = s.refused;
    }
    return out;
}

/** Why each managed option is managed; the reason is quoted in the error. */
export const MANAGED_OPTIONS: Readonly<Record<string, string>> = managedOptions();

/** Option name prefixes the component manages (replication-mode settings). */
export const MANAGED_PREFIXES: readonly string[] = Object.keys(PREFIX_REASONS);

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The option names a key may set: the key itself and, for the servers' boolean modifiers (`enable-`, `disable-`,
 * `skip-`, `maximum-`: https://dev.mysql.com/doc/refman/8.0/en/option-modifiers.html), the option it modifies
 * (`disable-read-only` sets read_only; `skip-grant-tables` is an option of its own).
 */
function namesSet(name: string): string[] {
    const key = canonicalOption(name);
    const m = /^(enable|disable|skip|maximum)_(.+)$/.exec(key);
    return m ? [key, m[2]] : [key];
}

function managedOf(key: string): string | undefined {
    if (own(MANAGED_OPTIONS, key)) return MANAGED_OPTIONS[key];
    const prefix = MANAGED_PREFIXES.find((p) => key.startsWith(p));
    return prefix ? PREFIX_REASONS[prefix] : undefined;
}

/** The reason an option is managed by the component, or undefined when it is not. */
export function managedReason(name: string): string | undefined {
    for (const key of namesSet(name)) {
        const reason = managedOf(key);
        if (reason !== undefined) return reason;
    }
    return undefined;
}

/** Why an option is refused as unsafe, with the fix, or undefined when it is not one of `REFUSED`. */
export function unsafeSetting(name: string): { option: string; reason: string; fix: string } | undefined {
    for (const key of namesSet(name)) if (own(REFUSED, key)) return { option: key, ...REFUSED[key] };
    return undefined;
}
