import { CommandError, EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { CliError } from "../errors";

export interface PreviewTarget {
  cwd: string;
  stack?: string;
}

export interface RefreshPreview {
  project: string;
  stack: string;
  events: EngineEvent[];
}

/** Pulumi errors that have a known fix, matched on the CLI's stderr. */
const KNOWN_FAILURES: Array<{ pattern: RegExp; message: (stack: string) => string; hint: string }> = [
  {
    pattern: /no stack named|stack .* not found/i,
    message: (stack) => `stack "${stack}" does not exist in this project's backend`,
    hint: "List the stacks with `pulumi stack ls`; check PULUMI_BACKEND_URL (or `pulumi login`) points at the backend that holds it.",
  },
  {
    pattern: /passphrase must be set|incorrect passphrase|failed to decrypt/i,
    message: () => "the stack's secrets cannot be decrypted",
    hint: "Set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) to the stack's passphrase.",
  },
  {
    pattern: /PULUMI_ACCESS_TOKEN must be set|not logged in|getting user info/i,
    message: () => "the Pulumi CLI is not logged in to a backend",
    hint: "Set PULUMI_BACKEND_URL (e.g. file://<dir> or s3://<bucket>) or PULUMI_ACCESS_TOKEN, or run `pulumi login`.",
  },
  {
    pattern: /the stack is currently locked|Another update is currently in progress/i,
    message: (stack) => `stack "${stack}" is being updated by another run`,
    hint: "Wait for it to finish and try again (`pulumi cancel` only if that run is known to be dead).",
  },
];

function stderrOf(error: unknown): string {
  return error instanceof CommandError ? ((error as unknown as { commandResult?: { stderr?: string; stdout?: string } }).commandResult?.stderr ?? "") : String(error);
}

function explain(error: unknown, stack: string, diagnostics: string[]): CliError {
  const stderr = stderrOf(error);
  const known = KNOWN_FAILURES.find((f) => f.pattern.test(stderr) || diagnostics.some((d) => f.pattern.test(d)));
  if (known) return new CliError(known.message(stack), known.hint);
  const details = diagnostics.length ? diagnostics : stderr.split("\n").filter((l) => /error/i.test(l));
  return new CliError(
    `pulumi preview --refresh failed for stack "${stack}"${details.length ? `:\n${details.map((d) => `    ${d.trim()}`).join("\n")}` : ""}`,
    "Run `pulumi preview --refresh` in the project for the full output.",
  );
}

/** Selecting a stack would change the user's current stack; checking that it exists does not. */
async function openStack(workspace: LocalWorkspace, name: string): Promise<Stack> {
  const stacks = await workspace.listStacks();
  const found = stacks.some((s) => s.name === name || s.name.endsWith(`/${name}`));
  if (!found) {
    const names = stacks.map((s) => s.name);
    throw new CliError(
      `stack "${name}" does not exist in this project's backend`,
      names.length ? `Existing stacks: ${names.join(", ")}.` : "This project has no stacks in this backend yet; check PULUMI_BACKEND_URL or `pulumi login`.",
    );
  }
  workspace.selectStack = async () => undefined;
  return Stack.select(name, workspace);
}

/**
 * Runs `pulumi preview --refresh` and records its engine events. Preview never writes the
 * state and the refresh it does happens in memory; the provider's reads are GET requests.
 */
export async function refreshPreview(target: PreviewTarget): Promise<RefreshPreview> {
  let stackName = target.stack ?? "(selected stack)";
  const diagnostics: string[] = [];
  try {
    const workspace = await LocalWorkspace.create({ workDir: target.cwd });
    const project = (await workspace.projectSettings()).name;
    if (!target.stack) {
      const current = await workspace.stack();
      if (!current) throw new CliError("no stack is selected in this project", "Pass --stack <name>, or select one with `pulumi stack select`.");
      stackName = current.name;
    } else {
      stackName = target.stack;
    }
    const stack = await openStack(workspace, stackName);
    const events: EngineEvent[] = [];
    await stack.preview({
      refresh: true,
      onEvent: (event) => {
        events.push(event);
        const d = event.diagnosticEvent;
        if (d && d.severity === "error") diagnostics.push(d.message);
      },
    });
    return { project, stack: stackName, events };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw explain(e, stackName, diagnostics);
  }
}
