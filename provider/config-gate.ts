import { configProblem } from "./runtime";
import type { ResourceHandler } from "./resources/types";

/**
 * Reports invalid provider settings as a check failure, so `pulumi preview` refuses them before
 * any API call and the engine prints the message once, without a stack. The property is "":
 * the engine prints the value of a named property, and a setting may be a secret.
 */
export function refusingInvalidConfig<I extends object, O extends object>(handler: ResourceHandler<I, O>): ResourceHandler<I, O> {
  return {
    async check(olds, news) {
      const problem = configProblem();
      if (problem) return { inputs: news, failures: [{ property: "", reason: problem.message }] };
      return handler.check(olds, news);
    },
    // The others reach the client, which throws the same (stackless) error.
    diff: (id, olds, news) => handler.diff(id, olds, news),
    create: (inputs) => handler.create(inputs),
    read: (id, props) => handler.read(id, props),
    update: (id, olds, news) => handler.update(id, olds, news),
    delete: (id, props) => handler.delete(id, props),
  };
}
