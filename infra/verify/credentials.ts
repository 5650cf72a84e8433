/**
 * Credentials of `myriad verify`: never from the command line. In order of precedence:
 * 1. `--credentials FILE`: a MySQL client option file (`[client]` group, keys `user` and `password`),
 * 2. the environment: `MYRIAD_USER` and `MYRIAD_PASSWORD`,
 * 3. with `--local`: the run's administrator option file `DIR/client.cnf`.
 * The account needs to read replication status and, for `--checksum`, to SELECT every table (root, or an
 * account with SELECT, PROCESS and REPLICATION CLIENT).
 */
import * as fs from "node:fs";
import { decodeOptionValue, readOptionFile } from "../../components/mysqld/option-file";

/** User and password to connect with. */
export interface Credentials {
    user: string;
    password: string;
    /** Where they came from (for messages; never the password itself). */
    origin: string;
}

/** Environment variables read by verify. */
export const USER_ENV = "MYRIAD_USER";
export const PASSWORD_ENV = "MYRIAD_PASSWORD";

/** Option groups read from an option file, later ones overriding earlier ones (as the mysql client does). */
const GROUPS = ["client", "mysql", "myriad"];

/** An option-file value as the mysql client reads it (quotes, escapes, end comment): the one reader's decoding. */
export const optionValue = decodeOptionValue;

/** An option file as `group -> key -> value` (keys lower-cased, `-` as `_`; a bare key is ""), read by the one reader. */
export function parseOptionFile(text: string): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    const file = readOptionFile(text);
    for (const g of file.groups) out[g.toLowerCase()] ??= {};
    for (const e of file.entries) out[e.group.toLowerCase()][e.name.toLowerCase().replace(/-/g, "_")] = e.value ?? "";
    return out;
}

/** User and password from an option file; throws with a message naming the file when unusable. */
export function credentialsFromFile(file: string): Credentials {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`cannot read the credentials file ${file}: ${(e as Error).message}`);
    }
    const groups = parseOptionFile(text);
    const merged: Record<string, string> = {};
    for (const g of GROUPS) Object.assign(merged, groups[g] ?? {});
    if (!merged.user)
        throw new Error(
            `the credentials file ${file} has no 'user' in a [client] group. Fix: write "[client]\\nuser=NAME\\npassword=SECRET"`,
        );
    return { user: merged.user, password: merged.password ?? "", origin: `option file ${file}` };
}

/**
 * Resolves the credentials (see the module comment for the order). `localClientCnf` is DIR/client.cnf for
 * `--local`. Throws when none is available.
 */
export function resolveCredentials(
    opts: { credentialsFile?: string; localClientCnf?: string },
    env: NodeJS.ProcessEnv = process.env,
): Credentials {
    if (opts.credentialsFile) return credentialsFromFile(opts.credentialsFile);
    if (env[USER_ENV])
        return { user: env[USER_ENV], password: env[PASSWORD_ENV] ?? "", origin: `environment (${USER_ENV}/${PASSWORD_ENV})` };
    if (opts.localClientCnf && fs.existsSync(opts.localClientCnf)) return credentialsFromFile(opts.localClientCnf);
    throw new Error(
        `no credentials: pass --credentials FILE (a [client] option file with user and password), or set ${USER_ENV} and ${PASSWORD_ENV}` +
            (opts.localClientCnf ? `, or start the cluster with 'myriad local up' (which writes ${opts.localClientCnf})` : ""),
    );
}
