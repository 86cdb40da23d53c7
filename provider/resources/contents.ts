import { pollWithin } from "../poll";
import { providerConfig } from "../runtime";
import { runWide } from "../run-state";

/**
 * Containers (a mailing list and its members, a template and its versions) take their contents
 * with them when Mailgun deletes them. These keep a delete or a replacement from removing
 * contents that the program still declares or that no resource of the stack manages (a sign-up,
 * a version made in the dashboard), unless the program opts in with `forceDestroy: true`, as
 * Terraform's `force_destroy` does for buckets.
 */

/** Replacements decided by diff in this run, with the new inputs' forceDestroy: the old half's delete follows it. */
const replacedWithForce = runWide(new Map<string, boolean>());

export function noteReplacement(kind: string, id: string, forceDestroy: boolean | undefined): void {
  replacedWithForce.set(`${kind}|${id}`, forceDestroy === true);
}

/** forceDestroy as the delete must honour it: the replacing program's (for the one delete that follows it), else the state's. */
export function forceDestroyFor(kind: string, id: string, stored: boolean | undefined): boolean {
  const key = `${kind}|${id}`;
  const replacing = replacedWithForce.get(key);
  replacedWithForce.delete(key);
  return replacing ?? stored === true;
}

export interface Container {
  /** How messages name it: `mailing list news@mg.example.com in region us`. */
  what: string;
  /** How messages name its contents: `members`. */
  contents: string;
  /** The resource kind and option to name in the advice: `MailingList`. */
  kind: string;
  /** How to move the contents elsewhere, in a few words. */
  moveAdvice: string;
}

function sample(items: string[]): string {
  return items.length <= 3 ? items.join(", ") : `${items.slice(0, 3).join(", ")} and ${items.length - 3} more`;
}

/** The refusal for a container that still holds `items` (what the delete or replace would lose). */
export function holdsContents(c: Container, items: string[], why: string): Error {
  return new Error(
    `refusing to delete ${c.what}: it holds ${items.length} ${c.contents} (${sample(items)}) ${why}, and Mailgun deletes them with it. ` +
      `Either ${c.moveAdvice} first, or set forceDestroy: true on the ${c.kind} to delete it with its ${c.contents} ` +
      `(for a destroy, run pulumi up once with it set so that the state records it).`,
  );
}

/**
 * Before a container's delete: refuses at once when resources of this run still declare contents
 * (`declared`); otherwise waits, within the consistency budget, for contents that other deletes
 * of this run are removing (a destroy deletes a list's members beside it), and refuses if any
 * remain. Nothing is written before the refusal.
 */
export async function ensureEmpty(c: Container, declared: string[], list: () => Promise<string[]>): Promise<void> {
  if (declared.length) throw holdsContents(c, declared, "that resources of this program still declare");
  let left: string[] = [];
  const emptied = await pollWithin(Math.max(providerConfig().consistencyBudgetMs, 2_000), async () => ((left = await list()).length ? undefined : true));
  if (!emptied) throw holdsContents(c, left, "that no resource of this stack manages");
}
