import { z } from "zod";
import { actionProblem, expressionProblem } from "../route-syntax";
import { adoptField, regionField } from "./common";
import { defineKind } from "./define";

export const routeFields = defineKind("Route", {
  expression: {
    schema: z.string({
      error: (iss) => `expression ${iss.input === undefined ? "is required" : "must be a string"}, e.g. match_recipient(".*@mg.example.com")`,
    }).superRefine((s, ctx) => {
      const problem = expressionProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    change: "in place",
    description: "`match_recipient`, `match_header`, `catch_all` joined with `and`",
    example: 'match_recipient(".*@mg.example.com")',
  },
  actions: {
    schema: z
      .array(z.string({ error: "each action must be a string" }).superRefine((s, ctx) => {
        const problem = actionProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }), { error: 'actions must be a list, e.g. ["forward(\\"https://example.com/inbound\\")", "stop()"]' })
      .min(1, { error: 'actions needs at least one action, e.g. forward("ops@example.com")' }),
    change: "in place",
    description: "`forward(...)`, `store()`, `store(notify=...)`, `stop()`",
    example: ['forward("ops@example.com")', "stop()"],
  },
  priority: {
    schema: z
      .number({ error: "priority must be a whole number (0 is evaluated first)" })
      .int({ error: "priority must be a whole number (0 is evaluated first)" })
      .min(0, { error: "priority must be 0 or more (0 is evaluated first)" })
      .default(0),
    change: "in place",
    description: "a whole number, 0 or more",
    docs: { default: "`0` (evaluated first)" },
  },
  description: {
    schema: z.string({ error: "description must be a string" }).max(4096, { error: "description must be at most 4096 characters" }).default(""),
    change: "in place",
    description: "at most 4096 characters",
  },
  region: regionField(),
  adopt: adoptField("take over an existing route with the same expression"),
}, {
  outputs: {
    routeId: { schema: z.string(), description: "Mailgun's id of the route" },
    createdAt: { schema: z.string(), description: "when Mailgun created the route (RFC 1123)" },
  },
});
