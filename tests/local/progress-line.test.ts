/**
 * What `myriad local up` shows, as it comes, of the lines the pod scripts write: their own log lines only, and
 * for a line that introduces an excerpt (left out of the progress) the file that holds the excerpt.
 */
import { progressLine } from "../../infra/local/instance";

const LOG = "/tmp/run/shop/shop-2/init.log";

test.each([
    [
        "2026-12-07T21:58:32Z myriad shop/2 init: accounts re-asserted (not binary-logged)",
        LOG,
        "init: accounts re-asserted (not binary-logged)",
    ],
    [
        "2026-12-07T21:58:32Z myriad shop/2 init: temporary server log (lines 1-29):",
        LOG,
        `init: temporary server log (lines 1-29) in ${LOG}`,
    ],
    ["2026-12-07T21:58:32Z myriad shop/2 init: temporary server log (lines 1-29):", undefined, undefined],
    ["    | 2026-12-07 21:58:30 0 [Note] InnoDB: Compressed tables use zlib 1.2.13", LOG, undefined],
    ["mysqld: ready for connections", LOG, undefined],
])("%s (log %s) shows %s", (line, log, shown) => {
    expect(progressLine(line, log)).toBe(shown);
});
