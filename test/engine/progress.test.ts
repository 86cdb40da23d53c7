import { execFile } from "node:child_process";
import { basename, dirname } from "node:path";
import { useMailgunStack } from "../../testkit/mailgun-stack";
import type { ResourceSpec } from "../../testkit/mailgun-stack";
import { pulumiCommand } from "../../testkit/pulumi";

/**
 * Progress lines of a rate-limited run, through the real CLI: only there do the program and the
 * provider run as two processes the engine starts. At `up` the provider learns the program's count
 * of resources from the engine address both are given (provider/declared-resources.ts); `refresh`
 * and `destroy` run no program, and the count is the state's (provider/stack-resources.ts): its
 * file on a local backend when the stack is named (the Automation API's --stack) or selected, else
 * `pulumi stack export` through the CLI that runs them (here: a stack given in PULUMI_STACK, which
 * older CLIs ignore). The same read lets a refresh read the state's resources ahead of the engine.
 */
const LISTS = 30;
const PROGRESS = /mailgun: \d+ calls made in .*/g;
const ESTIMATE = new RegExp(`; \\d+ of ${LISTS} resources done, about \\d+ calls and \\d+s left$`);

describe("progress of a run the rate limit paces", () => {
  // Lists: a read is one call each (routes are read from one listing), a delete two.
  const lists: ResourceSpec[] = Array.from({ length: LISTS }, (_, i) => ({ kind: "MailingList", name: `list${i}`, args: { address: `list${i}@progress.example.com` } }));
  // 2 calls a second: 30 creates or reads take about 15 s, past the first line at 8 s.
  const t = useMailgunStack(lists, { emulator: { knobs: { rateLimit: { limit: 4, windowMs: 2_000 } } } });

  const linesOf = (text: string) => text.match(PROGRESS) ?? [];

  test("up, refresh and destroy say how many of the stack's resources are done, the calls and the time left", async () => {
    let up = "";
    await t.project.stack.up({ onOutput: (s) => (up += s) });
    expect(linesOf(up)[0]).toMatch(/paced by the rate limit \(Mailgun allows 4 a window\)/);
    expect(linesOf(up)[0]).toMatch(ESTIMATE);

    // Two reads at a time from the engine: the provider reads the rest of the state ahead
    // (provider/read-ahead.ts), and the engine's reads take those answers (MAILGUN_DEBUG logs each).
    let refresh = "";
    const env = t.project.stack.workspace.envVars;
    env.MAILGUN_DEBUG = "1";
    await t.emulator.clearRequests();
    try {
      await t.project.stack.refresh({ onOutput: (s) => (refresh += s), parallel: 2 });
    } finally {
      delete env.MAILGUN_DEBUG;
    }
    expect(linesOf(refresh)[0]).toMatch(ESTIMATE);
    expect((await t.emulator.requests()).filter((r) => r.status !== 429).map((r) => `${r.method} ${decodeURIComponent(r.path)}`).sort()).toEqual(lists.map((l) => `GET /v3/lists/${l.args.address}`).sort());
    expect((refresh.match(/answered ahead/g) ?? []).length).toBeGreaterThanOrEqual(LISTS / 2);
    // The Automation API names the stack and the backend is a directory: its file is read, no second CLI runs.
    expect(refresh).toContain(`mailgun: the state's resources read from ${t.project.dir}/.state/.pulumi/stacks/`);

    // A user's `pulumi destroy` from the directory above the project (a relative --cwd: the CLI moves into it before the
    // provider looks), on the stack PULUMI_STACK names (the selected one too); twice the rate for its two calls a list.
    await t.emulator.setKnobs({ rateLimit: { limit: 8, windowMs: 2_000 } });
    await t.project.stack.workspace.selectStack(t.project.stack.name);
    const pulumi = (await pulumiCommand()).command;
    const destroy = await new Promise<string>((resolve, reject) =>
      execFile(pulumi, ["--cwd", basename(t.project.dir), "destroy", "--yes", "--non-interactive", "--skip-preview"], { cwd: dirname(t.project.dir), env: { ...process.env, ...t.project.env, MAILGUN_DEBUG: "1", PULUMI_STACK: t.project.stack.name } }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout + stderr),
      ),
    );
    expect(linesOf(destroy)[0]).toMatch(ESTIMATE);
    // The stack PULUMI_STACK names could be another than the selected one (older CLIs ignore it): the CLI exports the state.
    expect(destroy).toContain("mailgun: the state's resources read through `pulumi stack export`");
    expect(await t.emulator.api("us", "GET", "/v3/lists/pages")).toMatchObject({ items: [] });
  }, 150_000);
});
