/**
 * Free TCP ports on the loopback interface for local servers.
 */
import * as net from "node:net";

/** The loopback address of this machine. */
export const LOOPBACK = "127.0.0.1";

/**
 * The N-th loopback address, `127.0.0.N` (1 ≤ N ≤ 254). On Linux the whole 127.0.0.0/8 block is routed to the
 * loopback interface, so a server binds to 127.0.0.N without any configuration; each local instance gets its own.
 */
export function loopbackAddress(n: number): string {
    if (!Number.isInteger(n) || n < 1 || n > 254) throw new Error(`no loopback address 127.0.0.${n}: at most 253 local instances`);
    return `127.0.0.${n}`;
}

/** True when nothing accepts or holds `port` on `host` (we can bind it ourselves). */
export function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
    return new Promise((resolve) => {
        const srv = net.createServer();
        srv.unref();
        srv.once("error", () => resolve(false));
        srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
    });
}

/**
 * Asks the kernel for `count` distinct free ports on 127.0.0.1. They are released before returning, so a
 * caller must still handle losing a race (servers report "Address already in use" and can be retried).
 * Ports in `avoid` are never returned.
 */
export async function freePorts(count: number, avoid: Iterable<number> = []): Promise<number[]> {
    const taken = new Set<number>(avoid);
    const out: number[] = [];
    const held: net.Server[] = [];
    try {
        while (out.length < count) {
            const srv = net.createServer();
            const port = await new Promise<number>((resolve, reject) => {
                srv.once("error", reject);
                // The wildcard address: a port free on every address, whichever 127.0.0.N the server binds.
                srv.listen({ port: 0, host: "0.0.0.0", exclusive: true }, () => resolve((srv.address() as net.AddressInfo).port));
            });
            held.push(srv);
            if (!taken.has(port)) {
                taken.add(port);
                out.push(port);
            }
        }
    } finally {
        await Promise.all(held.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
    return out;
}

/** One free port on 127.0.0.1. */
export async function freePort(avoid: Iterable<number> = []): Promise<number> {
    return (await freePorts(1, avoid))[0];
}
