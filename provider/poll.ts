/**
 * Asks `attempt` until it answers something or `budgetMs` runs out, with growing pauses (250 ms,
 * doubling, at most 2 s): waiting out Mailgun's eventual consistency. The last answer, undefined
 * when none came within the budget. Imports nothing, so the client and the resources share it.
 */
export async function pollWithin<T>(budgetMs: number, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + budgetMs;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2_000)) {
    const found = await attempt();
    if (found !== undefined || Date.now() >= deadline) return found;
    await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(deadline - Date.now(), 0))));
  }
}
