import { NOT_FOUND_HTML } from "../../emulator/routes/respond";
import { useEmulator } from "./helpers/harness";

describe("unknown paths", () => {
  const h = useEmulator();

  test("answer Mailgun's HTML 404, trailing slashes included (mailing_list.yml)", async () => {
    for (const [method, path] of [["GET", "/v3/lists/"], ["PUT", "/v3/lists/"], ["GET", "/v9/nothing"], ["PATCH", "/v4/domains"], ["GET", "/v4/domains/"]]) {
      const res = await h.us.call(method, path);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.text).toBe(NOT_FOUND_HTML);
    }
  });

  test("the API root answers its banner", async () => {
    const res = await h.us.get("/");
    expect([res.status, res.text]).toEqual([200, "Mailgun Magnificent API"]);
  });
});
