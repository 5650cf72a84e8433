/**
 * A declared application account: its shape (zod) and its fields. The checks of the values (names, hosts, the
 * privileges a server version knows, the opt-in for administrative privileges) are in
 * ../planner/accounts.ts; the statements that create it in ../mysqld/account-sql.ts.
 */
import { z } from "zod";

/** Privileges on one schema, one table or the whole server. */
export interface AccountGrantSpec {
    /** Schema name, or `*` for every schema (a global grant). */
    database: string;
    /** Table of `database`. Default: every table of it (`db.*`). Not allowed with `database: "*"`. */
    table?: string;
    /** Privileges as GRANT spells them (`SELECT`, `CREATE TEMPORARY TABLES`, 8.0's `SHOW_ROUTINE`). At least one. */
    privileges: string[];
}

/** Per-account resource limits (`WITH MAX_…`); 0 or absent means unlimited. */
export interface AccountLimitsSpec {
    maxQueriesPerHour?: number;
    maxUpdatesPerHour?: number;
    maxConnectionsPerHour?: number;
    maxUserConnections?: number;
}

/** A Secret key that holds an account's password, when the user supplies it. */
export interface AccountPasswordSecretSpec {
    /** Name of a Secret in the cluster's namespace. */
    name: string;
    /** Key of the password in it. Default: `password`. */
    key?: string;
}

/** One application account. */
export interface AccountSpec {
    /** User name. Not one of Myriad's own accounts; unique with `host` in the cluster. */
    name: string;
    /** Host pattern (`%`, `10.0.%`, `app.example.com`). Default: `%`. */
    host?: string;
    /** What the account may do; at least one grant. */
    grants: AccountGrantSpec[];
    /** Resource limits. Default: none. */
    limits?: AccountLimitsSpec;
    /** Read the password from this Secret. Default: a generated password in a Secret of the account's own. */
    passwordSecret?: AccountPasswordSecretSpec;
    /** Bump to generate a new password (generated passwords only). Default: 0. */
    passwordRotation?: number;
    /**
     * Allow SUPER, `READ_ONLY ADMIN`, `CONNECTION_ADMIN`, replication privileges, `GRANT OPTION`, `ALL` on `*.*`
     * and grants on the `mysql` schema: each lets an account bypass a replica's read-only fence, the connection
     * limit, replication or the declared grants themselves. Default: `false`.
     */
    allowAdministrativePrivileges?: boolean;
}

const count = z.number().int().min(0);

export const accountSchema = z.strictObject({
    name: z.string(),
    host: z.string().optional(),
    grants: z
        .array(
            z.strictObject({
                database: z.string(),
                table: z.string().optional(),
                privileges: z.array(z.string()).min(1),
            }),
        )
        .min(1),
    limits: z
        .strictObject({
            maxQueriesPerHour: count.optional(),
            maxUpdatesPerHour: count.optional(),
            maxConnectionsPerHour: count.optional(),
            maxUserConnections: count.optional(),
        })
        .optional(),
    passwordSecret: z.strictObject({ name: z.string(), key: z.string().optional() }).optional(),
    passwordRotation: count.optional(),
    allowAdministrativePrivileges: z.boolean().optional(),
});

export const accountsSchema = z.array(accountSchema);
