/** The component options of `MySqlClusterArgs` (components/planner/checks/component-options.ts). */
import { checkComponentOptions, checkProtect, checkReadyTimeoutSeconds } from "../../../components/planner/checks/component-options";
import { err } from "./table";

describe("component options", () => {
    it.each([[undefined], [1], [7200]])("readyTimeoutSeconds %j is valid", (v) =>
        expect(checkReadyTimeoutSeconds(v, "args.readyTimeoutSeconds")).toEqual([]),
    );
    it.each([[0], [1.5], ["60"]])("readyTimeoutSeconds %j is not", (v) => {
        expect(checkReadyTimeoutSeconds(v, "args.readyTimeoutSeconds")).toEqual([
            err("args.readyTimeoutSeconds", v, "must be a positive whole number of seconds", "omit it (default 3600) or give e.g. 7200"),
        ]);
    });
    it.each([[undefined], [true], [false]])("protect %j is valid", (v) => expect(checkProtect(v, "args.protect")).toEqual([]));
    it("protect must be a boolean", () => {
        expect(checkProtect("yes", "args.protect")).toEqual([
            err("args.protect", "yes", "must be a boolean", "use true (default) or false"),
        ]);
    });
    it("checkComponentOptions reports both at once, under the given root", () => {
        expect(checkComponentOptions({ readyTimeoutSeconds: 0, protect: "no" }, "args").map((e) => e.path)).toEqual([
            "args.readyTimeoutSeconds",
            "args.protect",
        ]);
    });
});
