import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { pathWithPulumi, runProcess, type ProcessResult } from "./process";
import { repoRoot, type TestProject } from "./pulumi";

/** examples/gitops's GitHub workflow, read as GitHub reads it. */
export type WorkflowStep = { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
export type WorkflowJob = { if: string; "runs-on": string; permissions?: Record<string, string>; steps: WorkflowStep[] };
export interface Workflow {
  name: string;
  on: Record<string, any>;
  env: Record<string, string>;
  jobs: Record<string, WorkflowJob>;
}

const workflowFile = path.join(repoRoot, "examples", "gitops", ".github", "workflows", "mailgun.yml");

export const gitopsWorkflow = (): Workflow => parseYaml(fs.readFileSync(workflowFile, "utf8")) as Workflow;

/** The job's step whose `run:` contains the text. */
export const stepRunning = (job: WorkflowJob, text: string) => job.steps.find((s) => s.run?.includes(text));

/**
 * Runs one `run:` step of the gitops workflow the way GitHub runs it (bash -eo pipefail, with
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) in the stack's project directory, on stack "test".
 * Returns what it printed and what it wrote to those two files.
 */
export async function runWorkflowStep(project: TestProject, job: string, text: string): Promise<ProcessResult & { output: string; summary: string }> {
  // npm makes a package's bin executable when it installs the package; this repo's own
  // `tsc` build writes dist/cli/index.js without the x bit, and npx then answers "Permission denied".
  fs.chmodSync(path.join(repoRoot, "dist", "cli", "index.js"), 0o755);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pm-gha-"));
  try {
    const script = path.join(work, "step.sh");
    fs.writeFileSync(script, stepRunning(gitopsWorkflow().jobs[job], text)!.run!);
    for (const f of ["output", "summary"]) fs.writeFileSync(path.join(work, f), "");
    const result = await runProcess("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: project.dir,
      env: { HOME: process.env.HOME, PATH: pathWithPulumi(), ...project.env, STACK: "test", GITHUB_OUTPUT: path.join(work, "output"), GITHUB_STEP_SUMMARY: path.join(work, "summary") },
      timeoutMs: 240_000,
    });
    return { ...result, output: fs.readFileSync(path.join(work, "output"), "utf8"), summary: fs.readFileSync(path.join(work, "summary"), "utf8") };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
