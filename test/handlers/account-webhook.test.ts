import { calls, check, laterRun, newRun, previewRefresh, refresh, refusal, up, useEngineSteps, withProgress, writes } from "./engine-runs";

/**
 * What is particular to an AccountWebhook: Mailgun's id for a URL that may carry a token, events
 * updated in place, adoption of a webhook with the URL made elsewhere, and 3 URLs per event.
 */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "5000" });
const TOKEN = "tok-8d2a6f01c9";
const TOKEN_URL = `https://hooks.example.com/mailgun/${TOKEN}`;
const secretHook = (more: Record<string, unknown> = {}) => ({ url: TOKEN_URL, eventTypes: ["permanent_fail", "delivered"], description: "prod", ...more });

type Listed = { webhook_id: string; url: string; event_types: string[]; description: string };
const hooks = async (region: "us" | "eu" = "us"): Promise<Listed[]> => (await h.emulator.state())[region].accountWebhooks;

test("made in its region with sorted events; the id is Mailgun's, never the URL; an update keeps the id and is one write; drift is put back", async () => {
  const { state } = await up("AccountWebhook", "hook", secretHook());
  const id: string = state.outs.webhookId;
  expect(state.id).toBe(id);
  expect(id).not.toContain(TOKEN);
  expect(await hooks()).toEqual([{ webhook_id: id, url: TOKEN_URL, event_types: ["delivered", "permanent_fail"], description: "prod", created_at: expect.any(String) }]);
  expect(await hooks("eu")).toEqual([]);

  await h.emulator.clearRequests();
  const changed = secretHook({ eventTypes: ["complained"], description: "bounces only" });
  const update = await up("AccountWebhook", "hook", changed, state);
  expect(update.step).toBe("update");
  expect(calls(writes(await h.emulator.requests()))).toEqual([`PUT /v1/webhooks/${id}`]);
  expect(await hooks()).toEqual([expect.objectContaining({ webhook_id: id, event_types: ["complained"], description: "bounces only" })]);

  // Events changed in the dashboard: preview --refresh shows it, up --refresh sets them back.
  await h.emulator.api("us", "PUT", `/v1/webhooks/${id}`, { url: TOKEN_URL, event_types: ["opened"], description: "bounces only" });
  expect((await previewRefresh(laterRun(update.state), changed))?.changes).toBe(true);
  const repaired = await up("AccountWebhook", "hook", changed, (await refresh(laterRun(update.state)))!);
  expect(repaired.step).toBe("update");
  expect((await hooks())[0]).toMatchObject({ webhook_id: id, event_types: ["complained"] });
  expect((await previewRefresh(laterRun(repaired.state), changed))?.changes).toBe(false);
});

test("a webhook with the URL made outside the stack: refused with the adopt advice, taken over with adopt; an identical leftover is taken over, not duplicated", async () => {
  const url = "https://adopt.example.com/hook";
  const declared = (more: Record<string, unknown> = {}) => ({ url, eventTypes: ["opened"], ...more });
  const handMade = (await h.emulator.api("us", "POST", "/v1/webhooks", { url, event_types: ["delivered"], description: "dashboard" })).webhook_id;

  const err = await up("AccountWebhook", "taken", declared()).then(() => undefined, (e: Error) => e);
  expect(err?.message).toMatch(/an account webhook in region us already sends to https:\/\/adopt\.example\.com\/… .*Set adopt: true/);
  expect(await hooks()).toHaveLength(1);

  const { state } = await up("AccountWebhook", "taken", declared({ adopt: true }));
  expect(state.outs.webhookId).toBe(handMade);
  expect(await hooks()).toEqual([expect.objectContaining({ webhook_id: handMade, event_types: ["opened"], description: "" })]);
  expect((await previewRefresh(laterRun(state), declared({ adopt: true })))?.changes).toBe(false);

  // What an interrupted create leaves: the very webhook the program declares.
  await h.emulator.api("us", "DELETE", `/v1/webhooks/${handMade}`);
  const leftover = (await h.emulator.api("us", "POST", "/v1/webhooks", { url, event_types: ["opened"] })).webhook_id;
  newRun();
  await h.emulator.clearRequests();
  const again = await up("AccountWebhook", "taken", declared());
  expect(again.state.outs.webhookId).toBe(leftover);
  expect((await h.emulator.requests()).filter((r) => r.method === "POST")).toEqual([]);
  expect(await hooks()).toHaveLength(1);
});

test("Mailgun's limit of 3 URLs per event: others' URLs refuse the create, naming the event (never the URL's token); four of the program's are refused at check", async () => {
  for (const n of [1, 2, 3]) await h.emulator.api("us", "POST", "/v1/webhooks", { url: `https://other-${n}.example.com/h`, event_types: ["clicked"] });
  const { result: err, lines } = await withProgress(() => up("AccountWebhook", "hook", secretHook({ eventTypes: ["clicked"] })).then(() => undefined, (e: Error) => e));
  expect(err?.message).toMatch(/cannot add account webhook https:\/\/hooks\.example\.com\/… for "clicked" in region us: the event already has 3 account-level URLs/);
  expect(err?.message).not.toContain(TOKEN);
  expect(lines).not.toContain(TOKEN);

  await h.emulator.clearRequests();
  for (const n of [1, 2, 3]) await check("AccountWebhook", `w${n}`, { url: `https://w${n}.example.com/h`, eventTypes: ["opened"] });
  const refused = await refusal("AccountWebhook", "w4", { url: "https://w4.example.com/h", eventTypes: ["opened"] });
  expect(refused).toMatch(/\[eventTypes\] "opened" would get 4 account-level URLs in region us: AccountWebhooks "w1", "w2", "w3" and this one \("w4"\)/);
  expect(await h.emulator.requests()).toEqual([]);
});
