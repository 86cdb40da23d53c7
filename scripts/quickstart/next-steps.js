#!/usr/bin/env node
// Prints what a quickstart user needs after `pulumi up`: the DNS records to add (a table)
// and the commands to read the sending key, use a real account, check drift and tear down.
// Input: `pulumi stack output --json` on stdin (secrets arrive as "[secret]").
// Settings (env): QS_STACK, QS_ENV_LINE (how to reach the stack by hand).
"use strict";

const outputs = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const stack = process.env.QS_STACK || "dev";

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  // The last column (record values, some 400 characters long) is not padded: long values wrap
  // without pushing the other columns out of line.
  const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? String(c) : String(c).padEnd(widths[i]))).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)].map((l) => `  ${l}`).join("\n");
}

const records = outputs.dnsRecords || {};
const list = [records.spf, records.dkim, records.tracking, ...(records.mx || [])].filter(Boolean);
const rows = list.map((r) => [r.type, r.name, r.priority ?? "", r.valid, r.value]);

const out = [];
out.push("");
out.push(`DNS records for ${outputs.domainName} (region ${outputs.region}): add them at your DNS provider; Mailgun then verifies the domain.`);
out.push("");
out.push(table(["TYPE", "NAME", "PRIORITY", "STATUS", "VALUE"], rows));
out.push("");
out.push("Next steps");
out.push("  Pulumi commands need this stack's local backend; in your shell, from the repo root, first run:");
out.push(`    ${process.env.QS_ENV_LINE}`);
out.push("");
out.push("  Read the sending key (a secret, shown only when asked):");
out.push(`    pulumi stack output --show-secrets sendingKey --stack ${stack}`);
out.push("  The DNS records as JSON, e.g. for your DNS tooling:");
out.push(`    pulumi stack output dnsRecords --json --stack ${stack}`);
out.push("  Check for drift (someone edits the setup in the Mailgun dashboard):");
out.push("    scripts/quickstart.sh drift");
out.push("");
out.push("  Point the same program at a real Mailgun account (first empty the emulator's copy: scripts/quickstart.sh destroy):");
out.push(`    pulumi config set domain mg.yourcompany.com --stack ${stack}`);
out.push(`    pulumi config set mailgun:region eu --stack ${stack}        # or us`);
out.push(`    pulumi config set --secret mailgun:apiKey --stack ${stack}  # paste the key when asked; stored encrypted`);
out.push(`    pulumi config rm mailgun:apiUrlUs --stack ${stack}`);
out.push(`    pulumi config rm mailgun:apiUrlEu --stack ${stack}`);
out.push(`    pulumi up --stack ${stack}`);
out.push("  Or keep this stack on the emulator and give the real account a stack of its own: pulumi stack init prod,");
out.push("  then the same commands with --stack prod, without the two config rm lines.");
out.push("");
out.push("  Tear down: scripts/quickstart.sh destroy   (deletes the Mailgun objects; remove .pulumi/ and .emulator-data/ to start from scratch)");
console.log(out.join("\n"));
