/**
 * The comparison's rounds: sequential by default (one trial at a time, the order reversed every other round), or
 * Myriad and the floor side by side for a shared machine.
 */
import { roundGroups } from "../../bench/run";

test("a sequential round runs each workload alone, and the next round runs them in the reverse order", () => {
    expect(roundGroups("sequential", 0)).toEqual([["myriad"], ["floor"], ["floor-all"], ["minimal"]]);
    expect(roundGroups("sequential", 1)).toEqual([["minimal"], ["floor-all"], ["floor"], ["myriad"]]);
});

test("a parallel round runs Myriad beside the floor, then floor-all beside minimal", () => {
    expect(roundGroups("parallel", 0)).toEqual([
        ["myriad", "floor"],
        ["floor-all", "minimal"],
    ]);
    expect(roundGroups("parallel", 1)[0]).toEqual(["floor-all", "minimal"]);
});
