/**
 * The plugin's gRPC ResourceProvider service over Pulumi's published protobuf definitions (as
 * @pulumi/pulumi/cmd/dynamic-provider does), serving `mailgun:index:<Kind>` with the very handlers
 * the dynamic provider runs (`handler(kind)`), so checks, retries, pacing, consistency handling,
 * ownership and recovery are the same. Secrets: see values.ts; import ids: import-ids.ts.
 */
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { configure, handler, type ResourceKind } from "../provider";
import { checkedResources } from "../provider/client/progress";
import { definitions } from "../provider/resources/fields";
import { secretNames } from "../provider/resources/fields/define";
import { configSourceOf, instanceSettingsOf, providerConfigFailures } from "./config";
import { diffResponse, changedKeys } from "./diff";
import { accountElsewhere, movedAccount, withoutAccount } from "./dynamic-state";
import { importRead } from "./import-read";
import { kindOfToken } from "./kinds";
import { schemaText } from "./schema";
import { fromStruct, toStruct, type Revealed } from "./values";
import { programInputs } from "./program-inputs";

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

/** The kind of a request's resource: its type, or the URN's last type segment (older engines). */
function kindOf(type: string, urn: string): ResourceKind {
  const token = type || (urn.split("::")[2] ?? "").split("$").pop() || "";
  const kind = kindOfToken(token);
  if (!kind) throw new Error(`pulumi-resource-mailgun has no resource type "${token}"; upgrade the plugin to match the program`);
  return kind;
}

/** Secrets in a result: those of the request's properties, and the kind's declared ones. */
function secretsOf(kind: ResourceKind, ...from: Revealed[]): Set<string> {
  return new Set([...secretNames(definitions[kind]), ...from.flatMap((r) => [...r.secrets])]);
}

/**
 * An error as gRPC status. One that carries an id (PartialCreateError: created, then a later step
 * failed) goes as ErrorResourceInitFailed, so the engine records the object, exactly as Pulumi's
 * dynamic-provider server reports it.
 */
function statusOf(e: unknown, secrets: Iterable<string> = []): Partial<grpc.StatusObject> {
  const err = e as { message?: string; id?: string; properties?: object; reasons?: string[] };
  const message = err?.message ?? String(e);
  const metadata = new grpc.Metadata();
  if (err?.id) {
    const detail = new proto.ErrorResourceInitFailed();
    detail.setId(err.id);
    detail.setProperties(toStruct(err.properties, secrets));
    detail.setReasonsList(err.reasons ?? [message]);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

function unary<Req, Res>(run: (req: Req) => Promise<Res>, secretsOnError?: (req: Req) => Iterable<string>): Unary<Req, Res> {
  return (call, callback) => {
    run(call.request).then(
      (res) => callback(null, res),
      (e) => {
        let secrets: Iterable<string> = [];
        try {
          secrets = secretsOnError?.(call.request) ?? [];
        } catch {
          // The request itself was unreadable: no properties to protect.
        }
        callback(statusOf(e, secrets), null);
      },
    );
  };
}

const unimplemented = (what: string): Unary<unknown, unknown> => (_call, callback) =>
  callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by pulumi-resource-mailgun` }, null);

export function providerService(version: string): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: unary<Empty, PluginInfo>(async () => new PluginInfo().setVersion(version)),
    getSchema: unary<proto.GetSchemaRequest, proto.GetSchemaResponse>(async () => new proto.GetSchemaResponse().setSchema(schemaText(version))),

    checkConfig: unary<proto.CheckRequest, proto.CheckResponse>(async (req) => {
      const news = fromStruct(req.getNews());
      const resp = new proto.CheckResponse().setInputs(toStruct(news.props, new Set([...news.secrets, "apiKey"])));
      for (const f of providerConfigFailures(news.props, req.getName())) resp.addFailures(new proto.CheckFailure().setProperty(f.property).setReason(f.reason));
      return resp;
    }),
    // A provider's new settings never replace its resources: the objects are the same Mailgun objects.
    diffConfig: unary<proto.DiffRequest, proto.DiffResponse>(async (req) => {
      const olds = fromStruct(req.getOldInputs() ?? req.getOlds()).props;
      const news = fromStruct(req.getNews()).props;
      const changes = changedKeys(olds, olds, news).size > 0;
      return diffResponse({ changes }, olds, olds, news);
    }),
    configure: unary<proto.ConfigureRequest, proto.ConfigureResponse>(async (req) => {
      configure(configSourceOf(req), instanceSettingsOf(req));
      return new proto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),

    check: unary<proto.CheckRequest, proto.CheckResponse>(async (req) => {
      const kind = kindOf(req.getType(), req.getUrn());
      checkedResources.checked(req.getUrn(), kind);
      const olds = fromStruct(req.getOlds());
      const news = fromStruct(req.getNews());
      if (news.props.account !== undefined) {
        const reason = `${kind}: [account] under the plugin an account is a provider: declare a pulumi:providers:mailgun with its apiKey (and subaccountId) and give it as the resource's provider`;
        const refused = new proto.CheckResponse().setInputs(req.getNews());
        refused.addFailures(new proto.CheckFailure().setProperty("").setReason(reason));
        return refused;
      }
      const result = await handler(kind).check(withoutAccount(olds.props), { ...news.props, ...programInputs(kind, req.getUrn()) });
      const resp = new proto.CheckResponse().setInputs(toStruct(result.inputs ?? news.props, secretsOf(kind, news)));
      for (const f of result.failures ?? []) resp.addFailures(new proto.CheckFailure().setProperty(f.property).setReason(f.reason));
      return resp;
    }),
    diff: unary<proto.DiffRequest, proto.DiffResponse>(async (req) => {
      const kind = kindOf(req.getType(), req.getUrn());
      const stored = fromStruct(req.getOlds()).props;
      const news = fromStruct(req.getNews()).props;
      const olds = withoutAccount(stored);
      const oldInputs = req.hasOldInputs() ? withoutAccount(fromStruct(req.getOldInputs()).props) : olds;
      // A dynamic resource's Account (dynamic-state.ts) somewhere else than this provider: another account's object.
      const moved = movedAccount(stored);
      if (moved && accountElsewhere(moved)) return diffResponse({ changes: true, replaces: ["account"], deleteBeforeReplace: true }, stored, stored, news);
      const result = await handler(kind).diff(req.getId(), olds, news);
      return diffResponse(result, olds, oldInputs, news);
    }),
    create: unary<proto.CreateRequest, proto.CreateResponse>(
      async (req) => {
        const kind = kindOf(req.getType(), req.getUrn());
        const inputs = fromStruct(req.getProperties());
        const { id, outs } = await handler(kind).create(inputs.props);
        return new proto.CreateResponse().setId(id).setProperties(toStruct(outs, secretsOf(kind, inputs)));
      },
      (req) => secretsOf(kindOf(req.getType(), req.getUrn()), fromStruct(req.getProperties())),
    ),
    read: unary<proto.ReadRequest, proto.ReadResponse>(async (req) => {
      const kind = kindOf(req.getType(), req.getUrn());
      const stored = fromStruct(req.getProperties());
      const storedInputs = fromStruct(req.getInputs());
      // No properties: `pulumi import`, which knows the id only.
      const result = Object.keys(stored.props).length ? await handler(kind).read(req.getId(), withoutAccount(stored.props)) : await importRead(kind, req.getId());
      const resp = new proto.ReadResponse();
      if (!result.id) return resp; // gone: the engine drops it from the state
      const secrets = secretsOf(kind, stored, storedInputs);
      resp.setId(result.id).setProperties(toStruct(result.props, secrets));
      if (result.inputs) resp.setInputs(toStruct(result.inputs, secrets));
      return resp;
    }),
    update: unary<proto.UpdateRequest, proto.UpdateResponse>(
      async (req) => {
        const kind = kindOf(req.getType(), req.getUrn());
        const olds = fromStruct(req.getOlds());
        const news = fromStruct(req.getNews());
        const { outs } = await handler(kind).update(req.getId(), withoutAccount(olds.props), news.props);
        return new proto.UpdateResponse().setProperties(toStruct(outs, secretsOf(kind, olds, news)));
      },
      (req) => secretsOf(kindOf(req.getType(), req.getUrn()), fromStruct(req.getOlds()), fromStruct(req.getNews())),
    ),
    delete: unary<proto.DeleteRequest, Empty>(async (req) => {
      const kind = kindOf(req.getType(), req.getUrn());
      await handler(kind).delete(req.getId(), withoutAccount(fromStruct(req.getProperties()).props));
      return new Empty();
    }),
    // Calls in flight finish on their own (each is bounded by the retry budget); nothing to stop.
    cancel: unary<Empty, Empty>(async () => new Empty()),

    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    attach: unimplemented("Attach"),
    getMapping: unary<proto.GetMappingRequest, proto.GetMappingResponse>(async () => new proto.GetMappingResponse()),
    getMappings: unary<proto.GetMappingsRequest, proto.GetMappingsResponse>(async () => new proto.GetMappingsResponse()),
    list: (call: grpc.ServerWritableStream<unknown, unknown>) =>
      call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by pulumi-resource-mailgun" }),
  };
}
