import * as pulumi from "@pulumi/pulumi";

// Placeholder until the Mailgun resources land (issue 5): proves the project runs.
export const message = pulumi.output("pulumi-mailgun quickstart: the engine runs; Mailgun resources come next");
