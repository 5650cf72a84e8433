/**
 * The credentials Secret `<cluster>-credentials`: the generated passwords and `[client]` option files the
 * scripts pass with `--defaults-extra-file` (credentials never appear on a command line or in the environment).
 *
 * Values are built with `pulumi.all`/`pulumi.interpolate` from the RandomPassword results and go into
 * `stringData`, which the Kubernetes SDK wraps in `pulumi.secret` client-side, so they are encrypted in the
 * state and never shown (https://www.pulumi.com/docs/iac/concepts/secrets/).
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlan } from "../planner/types";
import { MYSQL_PORT, SECRET_KEYS, USERS } from "../runtime/contract";
import { writeOptionFile } from "../mysqld/option-file";
import { clusterLabels } from "./labels";

/** The generated passwords (RandomPassword results). */
export interface ClusterPasswords {
    root: pulumi.Input<string>;
    replication: pulumi.Input<string>;
    monitor: pulumi.Input<string>;
}

/**
 * A `[client]` option file for one account. The value is double-quoted so that `#` (a comment start in option
 * files) would be kept; characters that option-file quoting cannot carry (double quote, backslash, line breaks) are refused.
 * Generated passwords (`PASSWORD_POLICY`) never contain them.
 */
export function clientOptionFile(user: string, password: string): string {
    return writeOptionFile([
        { group: "client" },
        { option: "user", value: user },
        { option: "password", value: clientPasswordValue(user, password), quote: "always" },
    ]);
}

/** The password, refused when option-file quoting cannot carry it. */
function clientPasswordValue(user: string, password: string): string {
    if (/["\\\r\n]/.test(password)) {
        throw new Error(
            `the password of '${user}' contains a double quote, a backslash or a line break, which a MySQL option file cannot carry`,
        );
    }
    return password;
}

/**
 * The exporter's option file: the monitoring account's `[client]` file plus where mysqld listens (the exporter
 * reads user, password, host and port from it; `host=127.0.0.1` forces TCP to the pod's own server).
 */
export function exporterOptionFile(password: string, port: number, host = "127.0.0.1"): string {
    return writeOptionFile([
        { group: "client" },
        { option: "user", value: USERS.monitor },
        { option: "password", value: clientPasswordValue(USERS.monitor, password), quote: "always" },
        { option: "host", value: host },
        { option: "port", value: String(port) },
    ]);
}

/**
 * Arguments of every generated password: 32 characters from letters, digits and `-_.`, at least one of each
 * class. `-_.` are safe unquoted in shell words, SQL string literals, option files and DSNs, and one special
 * character satisfies `validate_password` policies that require it (MEDIUM/STRONG).
 */
export const PASSWORD_POLICY = {
    length: 32,
    special: true,
    overrideSpecial: "-_.",
    upper: true,
    lower: true,
    numeric: true,
    minUpper: 1,
    minLower: 1,
    minNumeric: 1,
    minSpecial: 1,
} as const;

/** The credentials Secret. Its `stringData` is an Output built from the passwords (marked secret by the SDK). */
export function buildCredentialsSecret(plan: ClusterPlan, passwords: ClusterPasswords): k8s.types.input.core.v1.Secret {
    const stringData = pulumi.all([passwords.root, passwords.replication, passwords.monitor]).apply(([root, repl, monitor]) => ({
        [SECRET_KEYS.rootPassword]: root,
        [SECRET_KEYS.replicationPassword]: repl,
        [SECRET_KEYS.monitorPassword]: monitor,
        [SECRET_KEYS.rootCnf]: clientOptionFile(USERS.root, root),
        [SECRET_KEYS.replicationCnf]: clientOptionFile(USERS.replication, repl),
        [SECRET_KEYS.monitorCnf]: clientOptionFile(USERS.monitor, monitor),
        [SECRET_KEYS.exporterCnf]: exporterOptionFile(monitor, MYSQL_PORT),
    }));
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: plan.objects.secret, namespace: plan.namespace, labels: clusterLabels(plan) },
        type: "Opaque",
        stringData: pulumi.secret(stringData),
    };
}
