/**
 * Credentials of a local run: the same files the pods find in `/etc/myriad/secrets` (keys of the
 * `<cluster>-credentials` Secret: `root-password`, `replication-password`, `monitor-password`, `root.cnf`,
 * `replication.cnf`, `monitor.cnf`), generated here with the component's password policy and written to
 * `DIR/secrets` (directory 0700, files 0600), plus the administrator's `DIR/client.cnf` (0600).
 * One set per DIR: every cluster of a local run shares it. Passwords never appear on a command line, in
 * the environment or in state.json.
 */
import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { SECRET_KEYS, USERS } from "../../components/runtime/contract";
import { CLIENT_CNF, SECRETS_DIRNAME } from "./state";

/** The generated passwords of a local run. */
export interface LocalPasswords {
    root: string;
    replication: string;
    monitor: string;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";

/**
 * A password following `policy` (the component's PASSWORD_POLICY: length, `overrideSpecial` characters and
 * at least one of each class), from a cryptographic generator.
 */
export function generatePassword(policy: { length: number; overrideSpecial: string }): string {
    const classes = [LOWER, UPPER, DIGITS, policy.overrideSpecial].filter((c) => c.length > 0);
    const all = classes.join("");
    const chars = classes.map((c) => c[randomInt(c.length)]);
    while (chars.length < policy.length) chars.push(all[randomInt(all.length)]);
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}

function writePrivate(file: string, content: string): void {
    fs.writeFileSync(file, content, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
}

/** Path of DIR/secrets. */
export function secretsDir(dir: string): string {
    return path.join(dir, SECRETS_DIRNAME);
}

/** Path of DIR/client.cnf. */
export function clientCnfPath(dir: string): string {
    return path.join(dir, CLIENT_CNF);
}

/**
 * Creates DIR/secrets and DIR/client.cnf, or reads the passwords already there (a second `up` on the same
 * DIR keeps them: the data directories hold accounts with those passwords).
 */
export async function ensureSecrets(dir: string): Promise<{ dir: string; clientCnf: string; created: boolean }> {
    // Loaded lazily: the component's secret module pulls in the Pulumi SDK.
    const { clientOptionFile, PASSWORD_POLICY } = await import("../../components/resources/secret");
    const sdir = secretsDir(dir);
    const existing = fs.existsSync(path.join(sdir, SECRET_KEYS.rootPassword));
    fs.mkdirSync(sdir, { recursive: true, mode: 0o700 });
    fs.chmodSync(sdir, 0o700);
    let pw: LocalPasswords;
    if (existing) {
        const read = (k: string) => fs.readFileSync(path.join(sdir, k), "utf8");
        pw = {
            root: read(SECRET_KEYS.rootPassword),
            replication: read(SECRET_KEYS.replicationPassword),
            monitor: read(SECRET_KEYS.monitorPassword),
        };
    } else {
        pw = {
            root: generatePassword(PASSWORD_POLICY),
            replication: generatePassword(PASSWORD_POLICY),
            monitor: generatePassword(PASSWORD_POLICY),
        };
    }
    writePrivate(path.join(sdir, SECRET_KEYS.rootPassword), pw.root);
    writePrivate(path.join(sdir, SECRET_KEYS.replicationPassword), pw.replication);
    writePrivate(path.join(sdir, SECRET_KEYS.monitorPassword), pw.monitor);
    writePrivate(path.join(sdir, SECRET_KEYS.rootCnf), clientOptionFile(USERS.root, pw.root));
    writePrivate(path.join(sdir, SECRET_KEYS.replicationCnf), clientOptionFile(USERS.replication, pw.replication));
    writePrivate(path.join(sdir, SECRET_KEYS.monitorCnf), clientOptionFile(USERS.monitor, pw.monitor));
    const clientCnf = clientCnfPath(dir);
    writePrivate(clientCnf, `${clientOptionFile(USERS.root, pw.root)}host=127.0.0.1\nprotocol=TCP\n`);
    return { dir: sdir, clientCnf, created: !existing };
}
