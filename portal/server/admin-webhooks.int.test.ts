import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookSubscription } from "../../registry/index.ts";
import { makeDepartment, makePerson } from "../../registry/testing/factories.ts";
import { testCtx } from "../../registry/testing/test-env.ts";
import type { Runtime } from "./runtime.ts";
import { type PortalHarness, startPortal } from "./testing/portal-harness.ts";

let h: PortalHarness;
let rt: Runtime;

beforeAll(async () => {
  h = await startPortal("admin-webhooks");
  rt = h.rt;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function sql<T = Record<string, unknown>>(q: string, params: unknown[] = []): Promise<T[]> {
  return rt.orm.em.fork().getConnection().execute(q, params, "all");
}

const subsOf = (code: string) =>
  sql<{
    id: string;
    url: string;
    active: boolean;
    event_types: string[];
    secret_enc: string;
    secret_hint: string;
  }>(
    `select s.id, s.url, s.active, s.event_types, s.secret_enc, s.secret_hint from webhook_subscription s
     join department d on d.id = s.department_id where d.code = ? order by s.created_at`,
    [code],
  );

async function signInAs(roles: string[], department: string) {
  const p = await makePerson({ name: "汤管理" });
  return h.signIn(p.id, "汤管理", { staffPosts: [{ department, roles }] });
}

const form = (fields: Record<string, string | string[]>): [string, string][] =>
  Object.entries(fields).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v]],
  );

describe("/admin/webhooks", () => {
  it("lets an admin create a subscription, shows its secret once and stores it encrypted", async () => {
    const dept = await makeDepartment();
    const cookie = await signInAs(["admin"], dept.code);
    const page = await h.get("/admin/webhooks", cookie);
    expect(page.res.status).toBe(200);
    for (const text of ["部门推送订阅", "新建订阅", "推送失败（死信）", "办件申报", dept.name, "管理后台"])
      expect(page.html).toContain(text);

    const created = await h.post(
      "/admin/webhooks",
      cookie,
      form({
        intent: "create",
        departmentCode: dept.code,
        url: "https://dept.example.gov.cn/hooks",
        eventTypes: ["case.submitted", "result.issued"],
      }),
    );
    expect(created.res.status).toBe(200);
    expect(created.html).toContain("签名密钥只显示这一次");
    const secret = /whsec_[A-Za-z0-9_-]{32}/.exec(created.html)?.[0];
    expect(secret).toBeDefined();
    const [row] = await subsOf(dept.code);
    expect(row).toMatchObject({
      url: "https://dept.example.gov.cn/hooks",
      active: true,
      secret_hint: secret!.slice(-4),
    });
    expect(row.event_types).toEqual(["case.submitted", "result.issued"]);
    expect(row.secret_enc).not.toContain(secret!.slice(6));
    expect(rt.pii.decrypt(row.secret_enc)).toBe(secret);
    // Later views show only the hint.
    const again = await h.get("/admin/webhooks", cookie);
    expect(again.html).toContain(`…${secret!.slice(-4)}`);
    expect(again.html).not.toContain(secret!);

    const off = await h.post(
      "/admin/webhooks",
      cookie,
      form({
        intent: "update",
        id: row.id,
        url: "https://dept.example.gov.cn/v2/hooks",
        eventTypes: ["case.event"],
        active: "false",
      }),
    );
    expect(off.res.status).toBe(302);
    expect(off.res.headers.get("location")).toBe("/admin/webhooks?done=update");
    expect((await subsOf(dept.code))[0]).toMatchObject({
      url: "https://dept.example.gov.cn/v2/hooks",
      active: false,
      event_types: ["case.event"],
    });
  });

  it.each([
    [
      "an invalid URL",
      { url: "ftp://dept.example/hooks", eventTypes: ["case.submitted"] },
      "接收地址不是有效的 http(s) 网址",
    ],
    [
      "a URL that is no URL",
      { url: "不是网址", eventTypes: ["case.submitted"] },
      "接收地址不是有效的 http(s) 网址",
    ],
    [
      "an unknown event type",
      { url: "https://dept.example.gov.cn/hooks", eventTypes: ["case.deleted"] },
      "未知的事件类型",
    ],
    ["no event type", { url: "https://dept.example.gov.cn/hooks", eventTypes: [] }, "请至少选择一种事件类型"],
  ])("refuses %s with a message and writes nothing", async (_label, fields, message) => {
    const dept = await makeDepartment();
    const cookie = await signInAs(["admin"], dept.code);
    const bad = await h.post(
      "/admin/webhooks",
      cookie,
      form({ intent: "create", departmentCode: dept.code, ...fields }),
    );
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain(message);
    expect(await subsOf(dept.code)).toEqual([]);
  });

  it("refuses a bad edit beside its form and keeps the subscription", async () => {
    const dept = await makeDepartment();
    const cookie = await signInAs(["admin"], dept.code);
    const { subscription } = await createWebhookSubscription(await testCtx(), {
      departmentCode: dept.code,
      url: "https://dept.example.gov.cn/hooks",
      eventTypes: ["case.submitted"],
    });
    const before = await subsOf(dept.code);
    const bad = await h.post(
      "/admin/webhooks",
      cookie,
      form({
        intent: "update",
        id: subscription.id,
        url: "javascript:alert(1)",
        eventTypes: ["case.submitted"],
        active: "true",
      }),
    );
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain("接收地址不是有效的 http(s) 网址");
    expect(await subsOf(dept.code)).toEqual(before);
  });

  it("lists dead letters with 重试, and a retry puts the delivery back through the outbox", async () => {
    const dept = await makeDepartment();
    const cookie = await signInAs(["admin"], dept.code);
    const { subscription } = await createWebhookSubscription(await testCtx(), {
      departmentCode: dept.code,
      url: "https://dept.example.gov.cn/hooks",
      eventTypes: ["case.submitted"],
    });
    const [dead] = await sql<{ id: string }>(
      `insert into webhook_delivery (id, subscription_id, event_id, event_type, body, status, attempts, round,
         last_status_code, last_error, created_at, updated_at)
       values (gen_random_uuid(), ?, ?, 'case.submitted', '{}'::jsonb, 'dead', 10, 0, 503, 'HTTP 503', now(), now())
       returning id`,
      [subscription.id, `9${Date.now()}`],
    );
    const page = await h.get("/admin/webhooks", cookie);
    for (const text of ["重试", "HTTP 503", "失败"]) expect(page.html).toContain(text);

    const retried = await h.post("/admin/webhooks", cookie, { intent: "retry", deliveryId: dead.id });
    expect(retried.res.status).toBe(302);
    const [row] = await sql<{ status: string; attempts: number; round: number }>(
      "select status, attempts, round from webhook_delivery where id = ?",
      [dead.id],
    );
    expect(row).toEqual({ status: "pending", attempts: 0, round: 1 });
    const events = await sql(
      "select id from outbox where topic = 'webhook.retry' and payload->>'deliveryId' = ?",
      [dead.id],
    );
    expect(events).toHaveLength(1);

    const twice = await h.post("/admin/webhooks", cookie, { intent: "retry", deliveryId: dead.id });
    expect(twice.res.status).toBe(409);
    expect(twice.html).toContain("只有失败的投递可以重试");
  });

  it("refuses non-admins, and keeps a dept_admin to their own department", async () => {
    const dept = await makeDepartment();
    const other = await makeDepartment();
    const anonymous = await h.get("/admin/webhooks");
    expect(anonymous.res.status).toBe(302);
    expect(anonymous.res.headers.get("location")).toContain("/auth/login");

    const clerk = await signInAs(["clerk", "reviewer"], dept.code);
    expect((await h.get("/admin/webhooks", clerk)).res.status).toBe(403);
    expect((await h.get("/", clerk)).html).not.toContain("管理后台");
    const p = await makePerson();
    const citizen = await h.signIn(p.id, "张市民");
    expect((await h.get("/admin/webhooks", citizen)).res.status).toBe(403);
    const post = await h.post(
      "/admin/webhooks",
      clerk,
      form({
        intent: "create",
        departmentCode: dept.code,
        url: "https://a.example/h",
        eventTypes: ["case.event"],
      }),
    );
    expect(post.res.status).toBe(403);
    expect(post.html).toContain("只有管理员或部门管理员可以管理推送订阅");
    expect(await subsOf(dept.code)).toEqual([]);

    const deptAdmin = await signInAs(["dept_admin"], dept.code);
    const mine = await h.post(
      "/admin/webhooks",
      deptAdmin,
      form({
        intent: "create",
        departmentCode: dept.code,
        url: "https://a.example/h",
        eventTypes: ["case.event"],
      }),
    );
    expect(mine.res.status).toBe(200);
    const theirs = await h.post(
      "/admin/webhooks",
      deptAdmin,
      form({
        intent: "create",
        departmentCode: other.code,
        url: "https://a.example/h",
        eventTypes: ["case.event"],
      }),
    );
    expect(theirs.res.status).toBe(404);
    expect(await subsOf(other.code)).toEqual([]);
    const page = await h.get("/admin/webhooks", deptAdmin);
    expect(page.html).toContain(dept.name);
    expect(page.html).not.toContain(other.name);
  });

  it("speaks English", async () => {
    const dept = await makeDepartment();
    const cookie = await signInAs(["admin"], dept.code);
    // The language cookie as the /lang switch sets it (an unsigned JSON string, base64).
    const lang = `lang=${encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64"))}`;
    const { html } = await h.get("/admin/webhooks", `${cookie}; ${lang}`);
    expect(html).toContain("Department push subscriptions");
  });
});
