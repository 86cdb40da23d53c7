/**
 * Type-level test, checked by `tsc -p tsconfig.json --noEmit` (jest never runs it): each SDK
 * class's Args interface and declared outputs agree with its kind's field definition
 * (provider/resources/fields/): the same inputs (account aside), the same ones optional, values
 * the check accepts, and a declared output per documented output. A field added to a definition
 * and not to the SDK, or the other way round, fails to compile here.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { InputField, KindDefinition, OutputField } from "../../provider/resources/fields/define";
import type * as sdk from "../../sdk";
import type { dkimKeyFields } from "../../provider/resources/fields/dkim-key";
import type { domainFields } from "../../provider/resources/fields/domain";
import type { domainCredentialFields } from "../../provider/resources/fields/domain-credential";
import type { domainVerificationFields } from "../../provider/resources/fields/domain-verification";
import type { ipAllowlistEntryFields } from "../../provider/resources/fields/ip-allowlist-entry";
import type { apiKeyFields, sendingKeyFields } from "../../provider/resources/fields/keys";
import type { mailingListFields } from "../../provider/resources/fields/mailing-list";
import type { mailingListMemberFields } from "../../provider/resources/fields/mailing-list-member";
import type { routeFields } from "../../provider/resources/fields/route";
import type { bounceFields, complaintFields, suppressionAllowlistFields, unsubscribeFields } from "../../provider/resources/fields/suppressions";
import type { templateFields, templateVersionFields } from "../../provider/resources/fields/template";
import type { accountWebhookFields, webhookFields } from "../../provider/resources/fields/webhook";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type InputsOf<D> = D extends KindDefinition<infer I, Record<string, OutputField>> ? I : never;
type OutputsOf<D> = D extends KindDefinition<Record<string, InputField>, infer O> ? O : never;
type ProgramInputs<D> = { [K in keyof InputsOf<D> as InputsOf<D>[K] extends { internal: true } ? never : K]: z.input<InputsOf<D>[K]["schema"]> };
type DocumentedOutputs<D> = { [K in keyof OutputsOf<D> as OutputsOf<D>[K] extends { internal: true } ? never : K]: OutputsOf<D>[K] };
type OptionalIn<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
type OptionalArgs<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
type Program<Args> = Omit<Args, "account">;
type NotAccepted<Args, D> = { [K in keyof Program<Args> & keyof ProgramInputs<D>]: pulumi.Unwrap<Program<Args>[K]> extends ProgramInputs<D>[K] ? never : K }[keyof Program<Args> & keyof ProgramInputs<D>];

/** `true`, or what disagrees (the compile error names it). */
type Agrees<Args, D, R> = [
  Equal<keyof Program<Args>, keyof ProgramInputs<D>> extends true ? true : { keys: { sdkOnly: Exclude<keyof Program<Args>, keyof ProgramInputs<D>>; definitionOnly: Exclude<keyof ProgramInputs<D>, keyof Program<Args>> } },
  Equal<OptionalArgs<Program<Args>>, OptionalIn<ProgramInputs<D>>> extends true ? true : { optional: { sdk: OptionalArgs<Program<Args>>; definition: OptionalIn<ProgramInputs<D>> } },
  [NotAccepted<Args, D>] extends [never] ? true : { valuesCheckRefuses: NotAccepted<Args, D> },
  [Exclude<keyof DocumentedOutputs<D>, keyof R>] extends [never] ? true : { outputsNotDeclared: Exclude<keyof DocumentedOutputs<D>, keyof R> },
];
type Check<T extends [true, true, true, true]> = T;

/** One row per kind (provider/resources/fields/index.ts lists the same; kinds-complete.test.ts checks the registry). */
export type Kinds = [
  Check<Agrees<sdk.DomainArgs, typeof domainFields, sdk.Domain>>,
  Check<Agrees<sdk.RouteArgs, typeof routeFields, sdk.Route>>,
  Check<Agrees<sdk.WebhookArgs, typeof webhookFields, sdk.Webhook>>,
  Check<Agrees<sdk.SendingKeyArgs, typeof sendingKeyFields, sdk.SendingKey>>,
  Check<Agrees<sdk.DomainVerificationArgs, typeof domainVerificationFields, sdk.DomainVerification>>,
  Check<Agrees<sdk.ApiKeyArgs, typeof apiKeyFields, sdk.ApiKey>>,
  Check<Agrees<sdk.AccountWebhookArgs, typeof accountWebhookFields, sdk.AccountWebhook>>,
  Check<Agrees<sdk.DomainCredentialArgs, typeof domainCredentialFields, sdk.DomainCredential>>,
  Check<Agrees<sdk.IpAllowlistEntryArgs, typeof ipAllowlistEntryFields, sdk.IpAllowlistEntry>>,
  Check<Agrees<sdk.DkimKeyArgs, typeof dkimKeyFields, sdk.DkimKey>>,
  Check<Agrees<sdk.BounceArgs, typeof bounceFields, sdk.Bounce>>,
  Check<Agrees<sdk.UnsubscribeArgs, typeof unsubscribeFields, sdk.Unsubscribe>>,
  Check<Agrees<sdk.ComplaintArgs, typeof complaintFields, sdk.Complaint>>,
  Check<Agrees<sdk.SuppressionAllowlistArgs, typeof suppressionAllowlistFields, sdk.SuppressionAllowlist>>,
  Check<Agrees<sdk.MailingListArgs, typeof mailingListFields, sdk.MailingList>>,
  Check<Agrees<sdk.MailingListMemberArgs, typeof mailingListMemberFields, sdk.MailingListMember>>,
  Check<Agrees<sdk.TemplateArgs, typeof templateFields, sdk.Template>>,
  Check<Agrees<sdk.TemplateVersionArgs, typeof templateVersionFields, sdk.TemplateVersion>>,
];
