import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileBackendDir, repairBrokenAttrs } from "../../cli/recover/file-backend";

describe("recover's file-backend repair", () => {
  test("finds the directory of file:// backend URLs only", () => {
    expect(fileBackendDir("file:///var/state", "/work")).toBe("/var/state");
    expect(fileBackendDir("file://~", "/work")).toBe(os.homedir());
    expect(fileBackendDir("file://~/pulumi-state?no_tmp_dir=true", "/work")).toBe(path.join(os.homedir(), "pulumi-state"));
    expect(fileBackendDir("file://./state", "/work/infra")).toBe("/work/infra/state");
    expect(fileBackendDir("https://api.pulumi.com", "/work")).toBeUndefined();
    expect(fileBackendDir("s3://bucket/state", "/work")).toBeUndefined();
  });

  test("removes empty or garbled .attrs sidecars, keeps readable ones and every data file; dry run removes nothing", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "attrs-"));
    try {
      const stacks = path.join(root, ".pulumi", "stacks", "proj");
      const history = path.join(root, ".pulumi", "history", "proj", "dev");
      fs.mkdirSync(stacks, { recursive: true });
      fs.mkdirSync(history, { recursive: true });
      const good = '{"user.content_type":"application/json","md5":"AA=="}\n';
      const files: Record<string, string> = {
        [path.join(stacks, "dev.json")]: "{}",
        [path.join(stacks, "dev.json.attrs")]: "",
        [path.join(stacks, "dev.json.bak.attrs")]: good,
        [path.join(history, "dev-1.checkpoint.json.attrs")]: '{"user.content_ty',
        [path.join(root, ".pulumi", "meta.yaml.attrs")]: "",
        [path.join(root, "elsewhere.attrs")]: "",
      };
      for (const [f, text] of Object.entries(files)) fs.writeFileSync(f, text);

      const dry = repairBrokenAttrs(root, true);
      expect(dry.map((r) => [path.relative(root, r.file), r.bytes]).sort()).toEqual([
        [".pulumi/history/proj/dev/dev-1.checkpoint.json.attrs", 17],
        [".pulumi/meta.yaml.attrs", 0],
        [".pulumi/stacks/proj/dev.json.attrs", 0],
      ]);
      expect(Object.keys(files).every((f) => fs.existsSync(f))).toBe(true);

      expect(repairBrokenAttrs(root, false)).toHaveLength(3);
      expect(fs.existsSync(path.join(stacks, "dev.json.attrs"))).toBe(false);
      expect(fs.existsSync(path.join(history, "dev-1.checkpoint.json.attrs"))).toBe(false);
      expect(fs.readFileSync(path.join(stacks, "dev.json.bak.attrs"), "utf8")).toBe(good);
      expect(fs.readFileSync(path.join(stacks, "dev.json"), "utf8")).toBe("{}");
      // Outside the backend's .pulumi folder: not Pulumi's, not touched.
      expect(fs.existsSync(path.join(root, "elsewhere.attrs"))).toBe(true);
      expect(repairBrokenAttrs(root, false)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
