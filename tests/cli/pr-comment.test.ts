/**
 * bin/myriad-pr-comment.sh: the report is one pull-request comment, found by its marker and updated in place,
 * created only when there is none. `gh` is replaced by a stub on PATH that records its calls and answers the
 * comment listing (ids of comments whose body starts with the marker, as the script's --jq filter yields).
 * Also: the workflows post the report with it, with write permission, and the preview job has no fixed passphrase.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { ROOT, tempDir } from "./run-cli";

const SCRIPT = path.join(ROOT, "bin", "myriad-pr-comment.sh");

function post(report: string, existing: string): { code: number | null; calls: string[][]; stdout: string; stderr: string } {
    const t = tempDir("myriad-pr-comment-");
    try {
        const bin = path.join(t.dir, "bin");
        fs.mkdirSync(bin);
        const log = path.join(t.dir, "calls.jsonl");
        // The stub records each call as a JSON array of its arguments; the listing answers with FAKE_IDS.
        fs.writeFileSync(
            path.join(bin, "gh"),
            `#!/usr/bin/env bash\nnode -e 'require("fs").appendFileSync(process.env.GH_LOG, JSON.stringify(process.argv.slice(1)) + "\\n")' -- "$@"\n` +
                `if [ "$2" = --paginate ]; then printf '%s' "$FAKE_IDS"; fi\n`,
            { mode: 0o755 },
        );
        const file = path.join(t.dir, "report.md");
        fs.writeFileSync(file, report);
        const r = spawnSync("bash", [SCRIPT, file], {
            encoding: "utf8",
            env: {
                ...process.env,
                PATH: `${bin}:${process.env.PATH}`,
                GH_LOG: log,
                FAKE_IDS: existing,
                GITHUB_REPOSITORY: "acme/orders",
                PR_NUMBER: "7",
            },
        });
        const calls = fs.existsSync(log)
            ? fs
                  .readFileSync(log, "utf8")
                  .trim()
                  .split("\n")
                  .map((l) => JSON.parse(l) as string[])
            : [];
        return { code: r.status, calls, stdout: r.stdout, stderr: r.stderr };
    } finally {
        t.cleanup();
    }
}

test("no report comment yet: one is created, its body the marker then the report", () => {
    const r = post("### Myriad policy check: stack `prod`\n\n**Passed**\n", "");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.calls).toHaveLength(2);
    expect(r.calls[0].slice(0, 3)).toEqual(["api", "--paginate", "repos/acme/orders/issues/7/comments"]);
    expect(r.calls[0][4]).toContain('startswith("<!-- myriad-policy-check -->")');
    expect(r.calls[1].slice(0, 4)).toEqual(["api", "--method", "POST", "repos/acme/orders/issues/7/comments"]);
    expect(r.calls[1][5]).toBe("body=<!-- myriad-policy-check -->\n### Myriad policy check: stack `prod`\n\n**Passed**");
});

test("a report comment exists: it is updated in place, nothing new is posted", () => {
    const r = post("**Failed**\n", "4242\n");
    expect(r.code).toBe(0);
    expect(r.calls.map((c) => c.slice(0, 4))).toEqual([
        ["api", "--paginate", "repos/acme/orders/issues/7/comments", "--jq"],
        ["api", "--method", "PATCH", "repos/acme/orders/issues/comments/4242"],
    ]);
    expect(r.stdout).toContain("updated comment 4242 on pull request 7");
});

test("a report longer than a comment may be is cut, pointing to the job summary", () => {
    const r = post(`${"x".repeat(100_000)}\n`, "");
    const body = r.calls[1][5];
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("the whole report is in the job summary");
});

test("the workflows post the report with write permission; the preview job never has a fixed passphrase", () => {
    const ours = YAML.parse(fs.readFileSync(path.join(ROOT, ".github/workflows/pr-check.yml"), "utf8"));
    const consumer = YAML.parse(fs.readFileSync(path.join(ROOT, "docs/examples/myriad-pr-check.yml"), "utf8"));
    const check = ours.jobs["policy-check"];
    expect(check.permissions["pull-requests"]).toBe("write");
    const runs = (job: any) => job.steps.map((s: any) => String(s.run ?? "")).join("\n");
    expect(runs(check)).toContain("bash bin/myriad-pr-comment.sh");
    expect(runs(check)).toMatch(/myriad check --stack "\$stack" (?:"\$\{base\[@\]\}" )?--format markdown >> "\$report"/);
    expect(consumer.permissions["pull-requests"]).toBe("write");
    expect(runs(consumer.jobs["myriad-check"])).toContain("bash node_modules/myriad/bin/myriad-pr-comment.sh");
    expect(runs(consumer.jobs["myriad-check"])).toContain("npx myriad check --program . --stack");
    const preview = ours.jobs["policy-preview"];
    // The passphrase is never a literal: it comes from a secret, or is generated at random for the throw-away backend.
    expect(JSON.stringify(preview.env ?? {})).not.toContain("PULUMI_CONFIG_PASSPHRASE");
    const step = preview.steps.find((s: any) => s.name === "Secrets passphrase");
    expect(step.env.PASSPHRASE).toBe("${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
    expect(step.run).toContain("openssl rand -hex 32");
    expect(step.run).toMatch(/elif \[ "\$REAL_BACKEND" = true \][\s\S]*exit 1/);
    expect(preview.env.REAL_BACKEND).toBe("${{ vars.PULUMI_BACKEND_URL != '' }}");
});
