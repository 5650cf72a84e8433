/**
 * The table every cross-field check is tested from: the specification that breaks the rule, and the exact errors
 * (path, value, message, fix) the check returns; a specification that keeps the rule gives none.
 */
import { CLUSTER_CHECKS, type ClusterCheck } from "../../../components/planner/checks";
import type { StructuralError } from "../../../components/spec/errors";
import type { ClusterSpec } from "../../../components/spec/types";

export type Row = [name: string, spec: ClusterSpec, errors: StructuralError[]];
export type CheckTable = [ClusterCheck, Row[]][];

export const err = (path: string, value: unknown, message: string, fix: string): StructuralError => ({ path, value, message, fix });

/** Runs each check on its rows, at path `c`. */
export function runTable(table: CheckTable): void {
    describe.each(table.map(([check, rows]) => [check.name, check, rows] as const))("%s", (_name, check, rows) => {
        it.each(rows)("%s", (_row, spec, errors) => {
            expect(check(spec, "c")).toEqual(errors);
        });
    });
}

/** Every cluster check a concern's module exports has a failing row in its table. */
export function expectEveryCheckTested(module: Record<string, unknown>, table: CheckTable): void {
    it("every cluster check of the module has a failing row", () => {
        const tested = new Set(table.filter(([, rows]) => rows.some(([, , e]) => e.length > 0)).map(([check]) => check.name));
        const exported = CLUSTER_CHECKS.filter((c) => module[c.name] === c).map((c) => c.name);
        expect(exported.length).toBeGreaterThan(0);
        expect(exported.filter((name) => !tested.has(name))).toEqual([]);
    });
}

/** The mistakes of a new user with the Kubernetes fragments and the option names and values: each is refused. */
export const NAME_FIX = "write the option as in the server manual, for example max_connections or loose-plugin-option";
export const VALUE_MSG = "an option value must be one printable line, without line breaks or control characters";
export const VALUE_FIX = "give the option a single value; set every other option as its own key of 'config'";
export const QTY_FIX = "write a number with an optional suffix and no space: cpu as 500m or 0.5, memory as 512Mi or 1Gi (Gi, not GB)";
export const RES_FIX = "use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource (example.com/gpu)";
export const IMAGE_FIX = "write the image as [registry/]repository:tag with a lower-case repository, for example mysql:8.0.36";
export const LABEL_VALUE_FIX = "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
export const nameErr = (key: string, value: unknown) =>
    err(
        `c.templates[0].config.${JSON.stringify(key)}`,
        value,
        `${JSON.stringify(key)} is not an option name: the servers' option names are letters, digits, '_' and '-', starting with a letter`,
        NAME_FIX,
    );
