/** The dynamic-provider contract, in this package's own types (no @pulumi/pulumi import at runtime). */
export type Props = Record<string, unknown>;

/** Views a typed inputs/outputs object as a property bag (for field-by-field loops). */
export function asProps(value: object): Props {
  return value as Props;
}

/**
 * The inputs a read hands back to the engine: the live outputs' values of the given fields, the
 * ones set only. Without inputs a refresh cannot show drift; with fields the program never set it
 * would invent inputs.
 */
export function inputsFrom(outs: object, fields: readonly string[]): Props {
  const inputs: Props = {};
  for (const f of fields) if (asProps(outs)[f] !== undefined) inputs[f] = asProps(outs)[f];
  return inputs;
}

export interface CheckFailure {
  property: string;
  reason: string;
}
export interface CheckResult {
  inputs?: Props;
  failures?: CheckFailure[];
}
export interface DiffResult {
  changes?: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}
export interface ReadResult<O, I> {
  id?: string;
  props?: O;
  inputs?: I;
}

export interface ResourceHandler<I extends object, O extends object> {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: O, news: I): Promise<DiffResult>;
  create(inputs: I): Promise<{ id: string; outs: O }>;
  read(id: string, props: O): Promise<ReadResult<O, I>>;
  update(id: string, olds: O, news: I): Promise<{ outs: O }>;
  delete(id: string, props: O): Promise<void>;
  /**
   * The Mailgun object a resource stands for, as a key that is the same for every resource that
   * could hold it (a domain's name; a webhook's region, domain and URL; a route's region and id),
   * or undefined while unknown. Given, the run-wide ownership guard (ownership.ts) keeps a
   * delete from removing an object that another resource of the stack manages.
   */
  objectKey?(props: Partial<O>, id?: string): string | undefined;
  /** How messages name that object; never the secret parts of it (a webhook URL's path). */
  describeObject?(props: Partial<O>, id: string): string;
  /** The input fields that make up objectKey, for messages that name the fields. */
  keyFields?: readonly string[];
  /** The Mailgun domain that holds the object: deleting that domain deletes it too. */
  domainOf?(props: Partial<O>): string | undefined;
  /**
   * The calls a step takes with nothing to wait for, where that is more than one: what the
   * progress lines' estimate of the calls left (client/progress.ts) assumes for the kind until a
   * resource of it has taken the step in this run. `read: "shared"`: reads in one operation go
   * through a listing the kind's resources share (listings.ts), so past the first a read makes no
   * call of its own, and the estimate counts the kind by the calls it made so far, not by the calls
   * each read took (client/resources-left.ts).
   */
  stepCalls?: { write?: number; read?: number | "shared"; delete?: number };
}

/**
 * Thrown when an object was created but a later step failed: the engine records the id and
 * properties (a partial create), so nothing is orphaned and the next `up` finishes the job.
 */
export class PartialCreateError extends Error {
  constructor(message: string, readonly id: string, readonly properties: object, readonly reasons: string[] = [message]) {
    super(message);
    this.name = "PartialCreateError";
  }
}
