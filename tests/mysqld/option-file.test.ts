/**
 * The option-file reader and writer (components/mysqld/option-file.ts) against the syntax of
 * https://dev.mysql.com/doc/refman/8.0/en/option-files.html: table cases, a round-trip property, and, when the
 * host has `my_print_defaults`, the same files read by the real loader.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import {
    canonicalOption,
    decodeOptionValue,
    encodeOptionValue,
    isLoose,
    readOptionFile,
    writeOptionFile,
    type OptionFileLine,
} from "../../components/mysqld/option-file";
import { commandPath, missingCommands, testWhen } from "../helpers/requires";

const values = (text: string) => readOptionFile(text).entries.map((e) => [e.group, e.name, e.value]);

describe("readOptionFile", () => {
    it("reads groups, bare options and options with values, trimming spaces", () => {
        expect(values("[client]\n  user = u  \nv7\n[mysqld]\nport=3306\n")).toEqual([
            ["client", "user", "u"],
            ["client", "v7", undefined],
            ["mysqld", "port", "3306"],
        ]);
    });

    it("skips # and ; comment lines; # ends a line outside quotes, ; does not", () => {
        expect(values("[c]\n# x=1\n; y=2\n  ;z=3\na=plain#c\nb=a;b\nc = v # note\n")).toEqual([
            ["c", "a", "plain"],
            ["c", "b", "a;b"],
            ["c", "c", "v"],
        ]);
    });

    it("strips one pair of matching quotes and decodes escapes (also unquoted)", () => {
        expect(decodeOptionValue(' "a\\"b#c" # x')).toBe('a"b#c');
        expect(decodeOptionValue("'it\\'s'")).toBe("it's");
        expect(decodeOptionValue('  "  sp  "  ')).toBe("  sp  ");
        expect(decodeOptionValue("a\\sb\\tc\\\\d\\qe\\")).toBe("a b\tc\\d\\qe\\");
        expect(decodeOptionValue('"a\\nb\\r\\b"')).toBe("a\nb\r\b");
        expect(decodeOptionValue('"x')).toBe('"x');
        expect(decodeOptionValue('"q" x "')).toBe('q" x ');
        expect(decodeOptionValue('""')).toBe("");
        expect(decodeOptionValue('"a\\\\"#c')).toBe("a\\");
        expect(decodeOptionValue('a"b#c"d#e')).toBe('a"b#c"d');
    });

    it("reads CRLF files", () => {
        expect(values('[client]\r\nuser=u\r\npassword="p w"\r\n')).toEqual([
            ["client", "user", "u"],
            ["client", "password", "p w"],
        ]);
    });

    it("keeps leading spaces of a group name and ignores what follows ']'", () => {
        const f = readOptionFile("[client ] # c\na=1\n[ client]\nb=2\n[client] x ] y\nc=3\n");
        expect(f.entries.map((e) => [e.group, e.name])).toEqual([
            ["client", "a"],
            [" client", "b"],
            ["client", "c"],
        ]);
        expect(f.groups).toEqual(["client", " client"]);
    });

    it("recognises !include and !includedir without following them; ignores other ! lines", () => {
        const f = readOptionFile("[mysqld]\n!include /etc/a.cnf\n!includedir  /etc/conf.d/ \n!other x\na=1\n");
        expect(f.includes).toEqual([
            { kind: "include", path: "/etc/a.cnf", line: 2 },
            { kind: "includedir", path: "/etc/conf.d/", line: 3 },
        ]);
        expect(values("[mysqld]\n!include /etc/a.cnf\n!other x\na=1\n")).toEqual([["mysqld", "a", "1"]]);
    });

    it("reports what the server would refuse", () => {
        expect(readOptionFile("a=1\n[x\n[g]\n=v\n").problems.map((p) => [p.line, p.message])).toEqual([
            [1, "option without a preceding group"],
            [2, "wrong group definition (no closing ']')"],
            [4, "option without a name"],
        ]);
    });
});

describe("option names", () => {
    it("treats - and _ alike, ignores case and the loose- prefix", () => {
        expect(canonicalOption("Loose-Group-Replication_Start_On_Boot")).toBe("group_replication_start_on_boot");
        expect(canonicalOption(" server-id ")).toBe("server_id");
        expect(isLoose("loose-x")).toBe(true);
        expect(isLoose("loose_x")).toBe(true);
        expect(isLoose("loosex")).toBe(false);
    });
});

describe("writeOptionFile", () => {
    it("writes bare values bare and quotes/escapes the rest", () => {
        expect(
            writeOptionFile([
                { group: "client" },
                { option: "user", value: "root" },
                { option: "password", value: "a#b", quote: "always" },
            ]),
        ).toBe('[client]\nuser=root\npassword="a#b"\n');
        expect(encodeOptionValue("SET NAMES utf8mb4")).toBe("SET NAMES utf8mb4");
        expect(encodeOptionValue(" lead")).toBe('" lead"');
        expect(encodeOptionValue("a\\b\"c'd\ne\tf")).toBe('"a\\\\b\\"c\'d\\ne\\tf"');
        expect(encodeOptionValue("")).toBe("");
        expect(
            writeOptionFile(
                [
                    { group: "mysqld" },
                    { comment: "why" },
                    { option: "sync_binlog", value: 1 },
                    { option: "skip_name_resolve", value: true },
                    { blank: true },
                    { option: "v7" },
                ],
                { separator: " = " },
            ),
        ).toBe("[mysqld]\n# why\nsync_binlog = 1\nskip_name_resolve = ON\n\nv7\n");
        expect(writeOptionFile([{ include: "/etc/a.cnf" }, { includedir: "/etc/d" }])).toBe("!include /etc/a.cnf\n!includedir /etc/d\n");
    });

    it("refuses line breaks it cannot represent, NUL, and names or groups the reader would split", () => {
        expect(() => writeOptionFile([{ comment: "a\nb" }])).toThrow(/line break/);
        expect(() => writeOptionFile([{ group: "a\nb" }])).toThrow(/line break/);
        expect(() => writeOptionFile([{ option: "a\rb", value: "1" }])).toThrow(/line break/);
        expect(() => writeOptionFile([{ include: "/a\n" }])).toThrow(/line break/);
        expect(() => encodeOptionValue("a\0b")).toThrow(/NUL/);
        for (const name of ["", "a b", "a=b", "#a", "[a", ";a", "!a", 'a"b'])
            expect(() => writeOptionFile([{ option: name, value: "1" }])).toThrow(/option name/);
        for (const group of ["", " a", "a ", "a]b"]) expect(() => writeOptionFile([{ group }])).toThrow(/group/);
    });
});

// ---- round trip ----

const nameArb = fc.stringMatching(/^[a-z][a-z0-9_-]{0,20}$/);
const groupArb = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/);
const valueArb = fc
    .oneof(
        fc.string({
            unit: fc.constantFrom("a", "Z", "0", " ", "#", ";", "=", "'", '"', "\\", "\n", "\r", "\t", "\b", "s", "n", "!", "[", "]", "é"),
        }),
        fc.string(),
    )
    .filter((v) => !v.includes("\0"));

interface Model {
    group: string;
    options: { name: string; value: string | undefined; quote: "always" | "when-needed" }[];
}

const fileArb = fc.array(
    fc.record({
        group: groupArb,
        options: fc.array(
            fc.record({
                name: nameArb,
                value: fc.option(valueArb, { nil: undefined }),
                quote: fc.constantFrom("always" as const, "when-needed" as const),
            }),
            { maxLength: 6 },
        ),
    }),
    { maxLength: 5 },
);

function linesOf(model: Model[]): OptionFileLine[] {
    const lines: OptionFileLine[] = [];
    for (const g of model) {
        lines.push({ group: g.group }, { comment: "a comment # with ; marks" });
        for (const o of g.options)
            lines.push(o.value === undefined ? { option: o.name } : { option: o.name, value: o.value, quote: o.quote });
        lines.push({ blank: true });
    }
    return lines;
}

const expected = (model: Model[]) => model.flatMap((g) => g.options.map((o) => [g.group, o.name, o.value]));

test("property: writing then reading returns the same groups, names and values", () => {
    fc.assert(
        fc.property(fileArb, fc.constantFrom("=" as const, " = " as const), (model, separator) => {
            const text = writeOptionFile(linesOf(model), { separator });
            const read = readOptionFile(text);
            expect(read.problems).toEqual([]);
            expect(read.entries.map((e) => [e.group, e.name, e.value])).toEqual(expected(model));
        }),
        { numRuns: 500 },
    );
});

test("property: a value survives encodeOptionValue + decodeOptionValue", () => {
    fc.assert(
        fc.property(
            valueArb,
            (v) => decodeOptionValue(encodeOptionValue(v)) === v && decodeOptionValue(encodeOptionValue(v, "always")) === v,
        ),
        { numRuns: 1000 },
    );
});

// ---- the real loader ----

const loader = commandPath("my_print_defaults");
const needs = { missing: missingCommands(["my_print_defaults"]), install: "apt-get install -y mariadb-client (.ci/install-servers.sh)" };
testWhen("the real loader (my_print_defaults) reads written files as readOptionFile does", needs, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "optfile-"));
    try {
        fc.assert(
            fc.property(
                fc.array(
                    fc.record({
                        name: nameArb,
                        value: fc.option(
                            valueArb.filter((v) => !v.includes("\n")),
                            { nil: undefined },
                        ),
                    }),
                    { minLength: 1, maxLength: 6 },
                ),
                (options) => {
                    const file = path.join(dir, "t.cnf");
                    fs.writeFileSync(
                        file,
                        writeOptionFile([
                            { group: "t" },
                            ...options.map((o) => (o.value === undefined ? { option: o.name } : { option: o.name, value: o.value })),
                        ]),
                    );
                    // my_print_defaults prints one `--name[=value]` per line (a value with a newline would span two).
                    const printed = execFileSync(loader!, [`--defaults-file=${file}`, "t"], { encoding: "utf8" })
                        .split("\n")
                        .filter((l) => l !== "");
                    const ours = readOptionFile(fs.readFileSync(file, "utf8")).entries.map((e) =>
                        e.value === undefined ? `--${e.name}` : `--${e.name}=${e.value}`,
                    );
                    expect(printed).toEqual(ours);
                },
            ),
            { numRuns: 60 },
        );
        const handWritten =
            '[t]\nuser = u  \npassword="a\\"b#c" # x\nv1=plain#c\nv2=  "  sp  "  \nv3=a\\sb\\tc\\\\d\\qe\\\nv4="x\nv5=\'y\'\nv6=\nv7\n  v8 = a;b\n;c=1\nloose-foo-bar=1\nna"me=#x\n[ t]\nv9=z\n';
        fs.writeFileSync(path.join(dir, "h.cnf"), handWritten);
        const printed = execFileSync(loader!, [`--defaults-file=${path.join(dir, "h.cnf")}`, "t"], { encoding: "utf8" })
            .split("\n")
            .filter((l) => l !== "");
        const ours = readOptionFile(handWritten)
            .entries.filter((e) => e.group === "t")
            .map((e) => (e.value === undefined ? `--${e.name}` : `--${e.name}=${e.value}`));
        expect(printed).toEqual(ours);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
