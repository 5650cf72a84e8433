/**
 * Evaluates alert rules with Prometheus' own rule engine: `promtool test rules` (Debian package `prometheus`,
 * installed by .ci/install-servers.sh), https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/.
 * Tests give input series and the alerts they expect; promtool evaluates the PromQL and compares.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import type { AlertRule, AlertRuleGroup } from "../../components/resources/alert-rules";

/** True when promtool is on the PATH. */
export function havePromtool(): boolean {
    return spawnSync("promtool", ["--version"], { stdio: "ignore" }).status === 0;
}

/** One input series: labels (with `__name__`) and promtool's expanding notation, e.g. `1x10` or `0 0 1 1`. */
export interface InputSeries {
    labels: Record<string, string>;
    values: string;
}

/** An alert expected at `evalTime`, by name, with the labels that identify it (the rule's plus the series'). */
export interface ExpectedAlert {
    evalTime: string;
    alertname: string;
    /** Every expected firing alert, with its full label set (without `alertname`) and its annotations. */
    alerts: { labels: Record<string, string>; annotations: Record<string, string> }[];
}

function seriesSelector(labels: Record<string, string>): string {
    const { __name__: name, ...rest } = labels;
    return `${name}{${Object.entries(rest)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(",")}}`;
}

/**
 * The alert `rule` raises on a series with `seriesLabels`: the series' labels without the metric name and without
 * empty values (an empty label is no label in Prometheus), the rule's labels over them, and its annotations.
 */
export function firing(rule: AlertRule, seriesLabels: Record<string, string>): ExpectedAlert["alerts"][number] {
    const labels = Object.fromEntries(Object.entries(seriesLabels).filter(([k, v]) => k !== "__name__" && v !== ""));
    return { labels: { ...labels, ...rule.labels }, annotations: { ...rule.annotations } };
}

/** Runs promtool on the groups and the expectations; returns its exit status and output. */
export function promtoolTest(
    groups: AlertRuleGroup[],
    series: InputSeries[],
    expected: ExpectedAlert[],
    interval = "1m",
): { ok: boolean; output: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-promtool-"));
    try {
        fs.writeFileSync(path.join(dir, "rules.yaml"), YAML.stringify({ groups }, { version: "1.1", lineWidth: 0 }));
        const test = {
            rule_files: ["rules.yaml"],
            evaluation_interval: interval,
            tests: [
                {
                    interval,
                    input_series: series.map((s) => ({ series: seriesSelector(s.labels), values: s.values })),
                    alert_rule_test: expected.map((e) => ({
                        eval_time: e.evalTime,
                        alertname: e.alertname,
                        exp_alerts: e.alerts.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
                    })),
                },
            ],
        };
        fs.writeFileSync(path.join(dir, "test.yaml"), YAML.stringify(test, { version: "1.1", lineWidth: 0 }));
        const r = spawnSync("promtool", ["test", "rules", "test.yaml"], { cwd: dir, encoding: "utf8" });
        return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** `promtool check rules` on the groups: syntax and PromQL parse. */
export function promtoolCheck(groups: AlertRuleGroup[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-promtool-"));
    try {
        fs.writeFileSync(path.join(dir, "rules.yaml"), YAML.stringify({ groups }, { version: "1.1", lineWidth: 0 }));
        return execFileSync("promtool", ["check", "rules", "rules.yaml"], { cwd: dir, encoding: "utf8" });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
