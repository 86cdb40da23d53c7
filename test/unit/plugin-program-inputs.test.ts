import { KINDS } from "../../provider";
import { DECLARED_AS } from "../../provider/resources/validation";
import { programInputs } from "../../plugin/program-inputs";
import { sdkInputs } from "../../testkit/sdk-inputs";
import { base } from "../handlers/bad-inputs";

// The plugin's check hands the handlers what the TypeScript SDK class would have added from the
// resource's name: without it the plugin's resources have no declared name (duplicates pass the
// ownership guard) and no owner tag (an interrupted create's key, entry or template is not recognised).
test.each(KINDS)("%s: the plugin adds from the URN exactly what the SDK class adds from the name", async (kind) => {
  const fromSdk = await sdkInputs(kind, base[kind], "res-1");
  const sdkAdded = Object.fromEntries(Object.entries(fromSdk).filter(([k]) => k === DECLARED_AS || k === "ownerTag"));
  expect(programInputs(kind, `urn:pulumi:test::mailgun-stack::mailgun:index:${kind}::res-1`)).toEqual(sdkAdded);
});
