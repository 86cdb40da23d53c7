import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const EU = "mg.eu-test.example.com";
const US = "mg.us-test.example.com";
const stackSpec: ResourceSpec[] = [
  { kind: "Domain", name: "eu", args: { name: EU, region: "eu", smtpPassword: { $secret: "smtpPassword" }, clickTracking: true } },
  { kind: "Domain", name: "us", args: { name: US } },
  { kind: "Webhook", name: "euHook", args: { domain: { $ref: "eu.name" }, region: "eu", url: "https://example.com/eu", events: ["delivered"] } },
  { kind: "Webhook", name: "usHook", args: { domain: { $ref: "us.name" }, url: "https://example.com/us", events: ["opened"] } },
  { kind: "Route", name: "euRoute", args: { region: "eu", expression: `match_recipient(".*@${EU}")`, actions: ["store()"] } },
  { kind: "SendingKey", name: "euKey", args: { domain: { $ref: "eu.name" }, region: "eu" } },
];

describe("a stack spanning both regions", () => {
  const t = useMailgunStack(stackSpec, { secrets: { smtpPassword: "eu-smtp-secret-1" } });

  test("each object lives in its region and is only ever requested there; no secret leaks", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 7 });
    expect(await objectCounts(emulator)).toMatchObject({ eu: { domains: 1, routes: 1, webhookUrls: 1 }, us: { domains: 1, routes: 0, webhookUrls: 1 }, keys: 1 });
    const state = await emulator.state();
    expect(state.eu.domains[0].name).toBe(EU);
    expect(state.us.domains[0].name).toBe(US);
    expect(up.outputs.resources.value.eu.dnsRecords.mx.map((r: { value: string }) => r.value)).toEqual(["mxa.eu.mailgun.org", "mxb.eu.mailgun.org"]);

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });

    // Nothing about the EU domain ever went to the US endpoint, and vice versa.
    const requests = await emulator.requests();
    expect(requests.filter((r) => r.path.includes(EU) && r.region !== "eu")).toEqual([]);
    expect(requests.filter((r) => r.path.includes(US) && r.region !== "us")).toEqual([]);
    expect(requests.filter((r) => r.path.startsWith("/v3/routes") && r.region !== "eu")).toEqual([]);

    // Secrets: the API key, the SMTP password and the sending key never appear in plain text.
    const deployment = project.rawState();
    expect(deployment).toContain('"ciphertext"');
    const keySecret = up.outputs.resources.value.euKey.secret as string;
    for (const secret of [emulator.apiKey, "eu-smtp-secret-1", keySecret]) {
      expect(deployment).not.toContain(secret);
      expect(log.text).not.toContain(secret);
    }
    // The stored provider is hand-written and tiny: it loads the implementation by package name and captures nothing.
    const resources = (await stack.exportStack()).deployment.resources as Array<{ type: string; inputs?: { __provider?: string }; outputs?: { __provider?: string } }>;
    for (const r of resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/mailgun:"))) {
      for (const text of [r.inputs?.__provider, r.outputs?.__provider]) {
        expect(text).toMatch(/^exports\.handler=\(\)=>require\("pulumi-mailgun\/provider"\)\.dynamicProvider\("\w+"\);$/);
        expect(text!.length).toBeLessThanOrEqual(400);
      }
    }

    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toEqual({ us: { domains: 0, routes: 0, webhookUrls: 0 }, eu: { domains: 0, routes: 0, webhookUrls: 0 }, keys: 0 });
  }, 600_000);
});
