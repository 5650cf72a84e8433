/**
 * Tables for people: they fit the width (COLUMNS, or 80 when not a terminal) by dropping the least useful
 * columns, then wrapping; ASCII unless on a terminal without NO_COLOR and --ascii; long check messages wrap.
 */
import { fitTable, outputWidth, useAscii, wrapText } from "../../infra/cli/table";
import { myriad } from "./run-cli";

const tty = { isTTY: true, columns: 120 } as unknown as NodeJS.WriteStream;
const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;

test("the width is COLUMNS, else the terminal's, else 80", () => {
    expect(outputWidth({ COLUMNS: "100" }, pipe)).toBe(100);
    expect(outputWidth({}, tty)).toBe(120);
    expect(outputWidth({}, pipe)).toBe(80);
});

test("ASCII when not a terminal or NO_COLOR is set; box drawing only on a plain terminal", () => {
    expect(useAscii({}, pipe)).toBe(true);
    expect(useAscii({ NO_COLOR: "1" }, tty)).toBe(true);
    expect(useAscii({}, tty)).toBe(false);
});

test("columns are dropped in the given order, then the widest wrap, never wider than the width", () => {
    const head = ["NAME", "HOST", "NOTE"];
    const rows = [["a", "x".repeat(50), "a long note ".repeat(8)]];
    const fitted = fitTable(head, rows, { width: 60, ascii: true, drop: [1] });
    expect(fitted.dropped).toEqual(["HOST"]);
    for (const l of fitted.text.split("\n")) expect(l.length).toBeLessThanOrEqual(60);
    expect(fitted.text).toContain("| NAME");
    expect(fitted.text).not.toMatch(/[│┌─]/);
    const wide = fitTable(head, rows, { width: 300, ascii: false, drop: [1] });
    expect(wide.dropped).toEqual([]);
    expect(wide.text).toContain("│");
});

test("wrapText wraps at word boundaries with an indent", () => {
    const t = wrapText("one two three four five six", 10, "  ");
    expect(t.split("\n")).toEqual(["  one two", "  three", "  four", "  five six"]);
    expect(wrapText("one two three", 9, "")).toBe("one two\nthree");
});

test.each([["60"], ["80"], ["120"]])("myriad plan --stack prod fits COLUMNS=%s", (columns) => {
    const r = myriad(["plan", "--stack", "prod"], undefined, { COLUMNS: columns });
    expect(r.code).toBe(0);
    const tableLines = r.stdout.split("\n").filter((l) => /^[+|]/.test(l));
    expect(tableLines.length).toBeGreaterThan(6);
    for (const l of tableLines) expect(l.length).toBeLessThanOrEqual(Number(columns));
    expect(r.stdout).toContain("1020");
});

test("myriad check wraps long messages to the width", () => {
    const r = myriad(["check", "--stack", "staging"], undefined, { COLUMNS: "80" });
    expect(r.code).toBe(0);
    const message = r.stdout.split("\n").filter((x) => x.startsWith("  ") && x.trim().includes(" "));
    expect(message.length).toBeGreaterThan(2);
    for (const l of message) expect(l.length).toBeLessThanOrEqual(80);
});
