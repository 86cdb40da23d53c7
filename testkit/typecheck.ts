import * as path from "node:path";
import * as ts from "typescript";

/**
 * Type-checks user programs (examples, the code blocks of the docs) the way a user's project
 * would compile them: strict, CommonJS, Node types. Returns the diagnostics as text, empty when clean.
 */
export function typeCheck(files: string[], options: ts.CompilerOptions = {}): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    ...options,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${path.basename(d.file.fileName)}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}
