import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "../errors";

/** The first executable `name` on PATH, like `command -v`. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Fails early, naming the fix, on what would otherwise surface as a long Pulumi error. */
export function checkPrerequisites(options: { cwd: string }): void {
  if (!findOnPath(process.platform === "win32" ? "pulumi.exe" : "pulumi")) {
    throw new CliError("the Pulumi CLI (pulumi) was not found on PATH", "Install it (https://www.pulumi.com/docs/iac/download-install/) or add the directory holding it to PATH.");
  }
  if (!fs.existsSync(options.cwd) || !fs.statSync(options.cwd).isDirectory()) {
    throw new CliError(`the project directory ${options.cwd} does not exist`, "Pass the directory holding Pulumi.yaml with --cwd <dir>.");
  }
  if (!["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(options.cwd, f)))) {
    throw new CliError(`no Pulumi.yaml in ${options.cwd}`, "Run the command in a Pulumi project directory or pass it with --cwd <dir>.");
  }
}
