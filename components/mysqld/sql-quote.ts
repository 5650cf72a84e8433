/**
 * Quoting of values spliced into SQL statements: string literals and identifiers. Every account statement Myriad
 * writes goes through these two functions, so no name, host, schema or table can end a literal early
 * (tests/mysqld/sql-quote.property.test.ts). The server runs without NO_BACKSLASH_ESCAPES (Myriad never sets it
 * and refuses no sql_mode; docs/compatibility.md#accounts-and-privileges), so a backslash is escaped as well as the quote.
 *
 * String literals: https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 * Identifiers:     https://dev.mysql.com/doc/refman/8.0/en/identifiers.html
 */

/** A single-quoted string literal: `'` doubled, `\` and NUL escaped. */
export function sqlString(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''").replace(/\0/g, "\\0")}'`;
}

/**
 * A back-quoted identifier: back-quotes doubled. An identifier cannot hold NUL (the manual's "Permitted characters
 * in quoted identifiers"): the caller refuses such names first, and this throws rather than write a broken one.
 */
export function sqlIdentifier(name: string): string {
    if (name.includes("\0")) throw new Error("an SQL identifier cannot contain NUL");
    return `\`${name.replace(/`/g, "``")}\``;
}

/** `'user'@'host'`. */
export function sqlAccount(user: string, host: string): string {
    return `${sqlString(user)}@${sqlString(host)}`;
}
