/**
 * What mixing versions means for authentication (docs/compatibility.md#authentication). Replication accounts
 * are created on the source and replicated everywhere; the replica authenticates against its source with the
 * account's plugin. The consequences below are warnings: the edge itself is judged by `replicationEdge`.
 *
 * - caching_sha2_password (the default from 8.0.4) is documented for replication only when every server is
 *   8.0.4 or later, so accounts created on an older source stay mysql_native_password after the upgrade.
 * - mysql_native_password: deprecated 8.0.34, disabled by default in 8.4 (re-enable with
 *   `mysql_native_password=ON`), removed in 9.0.
 * - A MariaDB replica of MySQL 8.0 needs a mysql_native_password replication account before MariaDB 11.4.9,
 *   11.8.4 and 12.1.1.
 */
import { dialectFor, toVersion, type ServerRef } from "../mysqld/dialect";
import { compareVersions, formatVersion, seriesOf } from "../versions/version";
import { describeMember, finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";

/** How the replication account must be created for a cluster. */
export interface ReplicationAuth {
    /** `mysql_native_password` when a replica cannot use caching_sha2; null: the server default. */
    plugin: "mysql_native_password" | null;
    /** Replicas (by label) that force the choice. */
    forcedBy: string[];
    /** Set when no plugin works for every replica (e.g. a 9.x source with a 5.7 replica). */
    impossible?: string;
}

/**
 * The authentication plugin of the replication account. The account is created on the source and replicated
 * everywhere, so one choice serves the cluster: when the source creates caching_sha2_password accounts by
 * default (MySQL/Percona 8.0.4+) and some replica cannot authenticate with it (5.7 replicas: the manual documents
 * caching_sha2_password replication only when every server is 8.0.4 or later; MariaDB replicas before 11.4.9 /
 * 11.8.4 / 12.1.1), the account uses mysql_native_password; a 9.0+ source no longer has it, which makes the mix
 * impossible (docs/compatibility.md#authentication).
 */
export function replicationAuth(source: ServerRef, replicas: readonly (ServerRef & { label?: string })[]): ReplicationAuth {
    const src = dialectFor(source.flavor, source.version);
    if (!src.cachingSha2Default) return { plugin: null, forcedBy: [] };
    const forcedBy = replicas
        .filter((r) => !dialectFor(r.flavor, r.version).cachingSha2Client)
        .map((r) => r.label ?? `${r.flavor} ${formatVersion(toVersion(r.version))}`);
    if (forcedBy.length === 0) return { plugin: null, forcedBy };
    if (!src.nativePasswordAvailable) {
        return {
            plugin: null,
            forcedBy,
            impossible: `the source ${source.flavor} ${formatVersion(toVersion(source.version))} has no mysql_native_password (removed in 9.0.0) and ${forcedBy.join(", ")} cannot authenticate with caching_sha2_password (docs/compatibility.md#authentication)`,
        };
    }
    return { plugin: "mysql_native_password", forcedBy };
}

function isMysqlLike(m: Member): boolean {
    return m.flavor === "mysql" || m.flavor === "percona";
}

/**
 * Authentication consequences of a source -> replica edge whose members differ in series or flavour. Returns
 * warnings (empty when both run the same series and flavour, where nothing changes). The version facts come
 * from the dialect table (`components/mysqld/dialect.ts`: cachingSha2Default, cachingSha2Client,
 * nativePasswordAvailable, nativePasswordNeedsOption), the one copy shared with the renderers.
 */
export function authenticationConsequences(source: Member, replica: Member): Finding[] {
    const out: Finding[] = [];
    const s = source.version;
    const r = replica.version;
    const sameSeries = s.major === r.major && s.minor === r.minor;
    if (sameSeries && source.flavor === replica.flavor) return out;
    const members = [replica, source];
    const src = dialectFor(source.flavor, s);
    const rep = dialectFor(replica.flavor, r);

    if (isMysqlLike(source) && replica.flavor === "mariadb") {
        if (src.cachingSha2Default && !rep.cachingSha2Client) {
            out.push(
                finding({
                    code: "auth/mariadb-needs-native",
                    severity: "warning",
                    members,
                    problem: `MariaDB replica ${describeMember(replica)} cannot authenticate with caching_sha2_password, the default plugin of its source ${describeMember(source)}`,
                    rule: RULES.mariadbCachingSha2,
                    fix: `create the replication account on ${source.name} with mysql_native_password (and keep it enabled), or use MariaDB 11.4.9+, 11.8.4+ or 12.1.1+ for the replica`,
                }),
            );
        }
        return out;
    }
    if (!isMysqlLike(source) || !isMysqlLike(replica)) return out;
    if (compareVersions(s, r) > 0) return out; // not a supported edge; replicationEdge reports it

    if (!src.cachingSha2Default && rep.cachingSha2Default) {
        out.push(
            finding({
                code: "auth/native-accounts-carried-over",
                severity: "warning",
                members,
                problem:
                    `accounts created on source ${describeMember(source)} use mysql_native_password and replicate to ${describeMember(replica)} unchanged; ` +
                    `once ${replica.name} becomes a source, replicas authenticate with those native accounts`,
                rule: RULES.cachingSha2,
                fix:
                    compareVersions(r, { major: 8, minor: 0, patch: 34 }) >= 0
                        ? `after switching over to ${replica.name}, re-create the replication and monitoring accounts with caching_sha2_password (mysql_native_password is deprecated from 8.0.34, disabled in 8.4 and removed in 9.0)`
                        : `plan to move the accounts to caching_sha2_password before upgrading past 8.0 (mysql_native_password is disabled in 8.4 and removed in 9.0)`,
            }),
        );
    }
    // The plugin gets harder to use on the replica: disabled by default (8.4) where the source has it on, or gone (9.0+).
    if (
        src.nativePasswordAvailable &&
        (!rep.nativePasswordAvailable || (rep.nativePasswordNeedsOption && !src.nativePasswordNeedsOption))
    ) {
        const removed = !rep.nativePasswordAvailable;
        out.push(
            finding({
                code: removed ? "auth/native-removed" : "auth/native-disabled",
                severity: "warning",
                members,
                problem:
                    `accounts that use mysql_native_password on source ${describeMember(source)} (application accounts, or any account created before 8.0.4) replicate to ${describeMember(replica)} but ` +
                    (removed
                        ? `cannot log in there once it is a source: ${formatVersion(r)} no longer has the plugin`
                        : `cannot log in there once it is a source unless mysql_native_password=ON is set (the plugin is disabled by default in 8.4)`),
                rule: RULES.nativePassword,
                fix: removed
                    ? `move every account (replication and monitoring included) to caching_sha2_password before ${replica.name} becomes a source`
                    : `move the accounts to caching_sha2_password, or set mysql_native_password=ON in the ${seriesOf(r)} template's config until they are moved`,
            }),
        );
    }
    return out;
}

/**
 * The replication account a whole cluster needs (`replicationAuth` of the dialect: one account, created on the
 * source, replicated everywhere) and what that implies: a warning when some replica forces
 * mysql_native_password (and, on a source that disables it by default, whether `mysql_native_password=ON` is
 * configured), an error when no plugin works for every replica.
 */
export function clusterAuthentication(
    source: Member,
    replicas: readonly Member[],
    nativePasswordEnabledOnSource: boolean | undefined,
): Finding[] {
    const auth = replicationAuth(
        { flavor: source.flavor, version: source.version },
        replicas.map((r) => ({ flavor: r.flavor, version: r.version, label: r.name })),
    );
    if (auth.forcedBy.length === 0) return [];
    const forced = replicas.filter((r) => auth.forcedBy.includes(r.name));
    if (auth.impossible) {
        return [
            finding({
                code: "auth/impossible",
                severity: "error",
                members: [...forced, source],
                problem: `no authentication plugin works for every replica of ${describeMember(source)}: ${auth.impossible}`,
                rule: RULES.nativePassword,
                fix: `upgrade ${forced.map((r) => r.name).join(", ")} to a version that supports caching_sha2_password, or keep the source on a version that still has mysql_native_password`,
            }),
        ];
    }
    const out: Finding[] = [
        finding({
            code: "auth/native-replication-account",
            severity: "warning",
            members: [...forced, source],
            problem: `${forced.map(describeMember).join(", ")} cannot authenticate with caching_sha2_password, so the replication account of ${source.name}'s cluster must use mysql_native_password`,
            rule: forced.some((r) => r.flavor === "mariadb") ? RULES.mariadbCachingSha2 : RULES.cachingSha2,
            fix: "upgrade those replicas (MySQL 8.0.4+, MariaDB 11.4.9+ / 11.8.4+ / 12.1.1+) so the account can use caching_sha2_password; mysql_native_password is deprecated from 8.0.34 and removed in 9.0",
        }),
    ];
    if (dialectFor(source.flavor, source.version).nativePasswordNeedsOption && nativePasswordEnabledOnSource === false) {
        out.push(
            finding({
                code: "auth/native-disabled-on-source",
                severity: "warning",
                members: [source, ...forced],
                problem: `${describeMember(source)} disables mysql_native_password by default and its configuration does not set mysql_native_password=ON, so the native replication account cannot log in`,
                rule: RULES.nativePassword,
                fix: `set mysql_native_password=ON in the configuration of ${source.template ? `template '${source.template}'` : source.name}, or upgrade the replicas that need the native account`,
            }),
        );
    }
    return out;
}
