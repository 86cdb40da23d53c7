/** Mailgun's two regions; each has its own API host and its own objects. */
export type Region = "us" | "eu";
export const REGIONS: readonly Region[] = ["us", "eu"];
