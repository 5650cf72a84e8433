/**
 * Reading a YAML stream one document at a time, so that `myriad check --manifests` holds the objects it judges
 * but never a whole input file, its text or its YAML document model (a 50 MB multi-document file parsed whole
 * took 2 GB).
 *
 * A YAML stream is cut where the YAML spec says a document ends: a line that starts with the document marker
 * `---` or the document end marker `...`, followed by a space, a tab or the end of the line. Such a line can
 * stand inside no scalar or collection (the spec's c-forbidden lines,
 * https://yaml.org/spec/1.2.2/#rule-c-forbidden), so the cut never splits a document's content. Text before a
 * marker that holds no content (blank lines, comments, `%` directives) stays with the document that follows, as
 * the YAML reader attaches it there. Each piece is then parsed by the YAML reader on its own.
 */
import * as fs from "node:fs";
import { StringDecoder } from "node:string_decoder";

/** One piece of the stream: the text of (at most) one document and the line it starts on (1-based). */
export interface StreamPiece {
    text: string;
    line: number;
}

const MARKER = /^(---|\.\.\.)(?:[ \t]|\r?\n|$)/;
const NO_CONTENT = /^(?:[ \t]*(?:#.*)?|%.*)\r?\n?$/;

/**
 * Cuts the text of a YAML stream, given in chunks of any size (a chunk may end inside a line), into pieces of
 * one document each. Pure; holds one piece and one partial line at a time.
 */
export function* splitDocuments(chunks: Iterable<string>): Generator<StreamPiece> {
    let lines: string[] = [];
    let start = 1;
    let lineNo = 0;
    let hasContent = false;
    let partial = "";
    function* take(line: string): Generator<StreamPiece> {
        lineNo++;
        const marker = MARKER.exec(line);
        if (marker?.[1] === "---" && hasContent) {
            yield { text: lines.join(""), line: start };
            lines = [];
            start = lineNo;
            hasContent = false;
        }
        lines.push(line);
        if (marker) hasContent = true;
        else if (!hasContent && !NO_CONTENT.test(line)) hasContent = true;
        if (marker?.[1] === "...") {
            yield { text: lines.join(""), line: start };
            lines = [];
            start = lineNo + 1;
            hasContent = false;
        }
    }
    for (const chunk of chunks) {
        let from = 0;
        for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", from)) {
            yield* take(partial + chunk.slice(from, nl + 1));
            partial = "";
            from = nl + 1;
        }
        partial += chunk.slice(from);
    }
    if (partial) yield* take(partial);
    if (lines.length) yield { text: lines.join(""), line: start };
}

/** Reading progress: bytes read so far of a file (`total` when known: a regular file). */
export type ReadProgress = (p: { file: string; bytes: number; total?: number }) => void;

/** Size of each read from a file or standard input. */
const CHUNK_BYTES = 1 << 20;

/**
 * The text of an open file descriptor in chunks (UTF-8, a character cut between two reads kept whole), reading
 * one chunk at a time as the consumer asks.
 */
export function* readChunks(fd: number, onBytes?: (bytes: number) => void): Generator<string> {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder("utf8");
    let bytes = 0;
    for (;;) {
        let n: number;
        try {
            n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
        } catch (e) {
            // A non-blocking standard input with nothing yet to read: wait for it rather than fail.
            if ((e as NodeJS.ErrnoException).code === "EAGAIN") {
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
                continue;
            }
            if ((e as NodeJS.ErrnoException).code === "EOF") break;
            throw e;
        }
        if (n === 0) break;
        bytes += n;
        onBytes?.(bytes);
        const text = decoder.write(buffer.subarray(0, n));
        if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
}
