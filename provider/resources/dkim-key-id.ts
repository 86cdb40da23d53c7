/**
 * The resource id of a DkimKey: its signing domain and selector. `pulumi-mailgun recover` derives
 * ids of interrupted creates with this same function.
 */
export function dkimKeyId(signingDomain: string, selector: string): string {
  return `${signingDomain}/${selector}`;
}
