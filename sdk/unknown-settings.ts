import * as pulumi from "@pulumi/pulumi";
import { unknownSettingWarnings } from "../provider/unknown-settings";

/**
 * Warns, once per program run, about `mailgun:*` stack config keys the provider does not know.
 * The program is the one place that sees the whole stack config exactly once per run, and a
 * warning from it shows up as one line in the CLI's output.
 */
export function warnAboutUnknownSettings(): void {
  for (const warning of unknownSettingWarnings(Object.keys(pulumi.runtime.allConfig()))) {
    void pulumi.log.warn(warning);
  }
}
