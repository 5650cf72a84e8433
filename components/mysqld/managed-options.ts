/**
 * `[mysqld]` options the component manages itself, derived from `FORCED` (./server-settings.ts): every spelling a
 * forced setting has in any version (log_slave_updates and log_replica_updates alike), the options that would
 * undo one (`alsoRefuses`), and the replication-mode prefixes. A user override of one of them would break
 * identity, replication or the role model, so the planner refuses it as a structural error.
 */
import { canonicalOption } from "./option-file";
import { FORCED, MANAGED_PREFIXES as PREFIX_REASONS, spellingsOf, type ForcedSetting } from "./server-settings";

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

/** The reason an option is managed, or undefined when users may set it. */
export function managedReason(name: string): string | undefined {
    const key = canonicalOption(name);
    if (Object.prototype.hasOwnProperty.call(MANAGED_OPTIONS, key)) return MANAGED_OPTIONS[key];
    const prefix = MANAGED_PREFIXES.find((p) => key.startsWith(p));
    return prefix ? PREFIX_REASONS[prefix] : undefined;
}
