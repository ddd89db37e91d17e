import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  drive,
  FORM,
  loadCalendar,
  makeWorld,
  submit,
  versionOf,
  type World,
} from "../../../chain/workbench/testing/world.ts";
import { submitCase } from "../../../registry/index.ts";
import { itemDefinition, makeServiceItem } from "../../../registry/testing/factories.ts";
import { closeTestOrm, testCtx } from "../../../registry/testing/test-env.ts";
import { type ApiHarness, startApi } from "./testing/api-harness.ts";

let api: ApiHarness;
let w: World;
let other: World;
let caseId: string;
let caseNo: string;
let read: string;
let write: string;

beforeAll(async () => {
  api = await startApi("api-cases");
  await loadCalendar();
  [w, other] = [await makeWorld(), await makeWorld()];
  caseId = await submit(w, new Date());
  read = await api.token(w.dept.code, ["cases:read"]);
  write = await api.token(w.dept.code, ["cases:read", "cases:write"]);
  const d = await api.call("GET", `/cases/${caseId}`, { token: read });
  caseNo = d.body.caseNo;
});
afterAll(async () => {
  await api?.close();
  await closeTestOrm();
});

const countEvents = async (id: string) => {
  const rows = await api.rt.orm.em
    .fork()
    .getConnection()
    .execute<{ n: number }[]>("select count(*)::int as n from case_event where case_id = ?", [id]);
  return rows[0].n;
};

describe("the published document", () => {
  it("serves OpenAPI 3.1 and a self-contained documentation page", async () => {
    const doc = await (await fetch(`${api.base}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/cases",
        "/cases/{id}",
        "/cases/{id}/actions",
        "/cases/{id}/results",
        "/results",
      ]),
    );
    const page = await fetch(`${api.base}/api/v1/docs`);
    const html = await page.text();
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("POST /api/v1/cases/{id}/actions");
    expect(html).not.toMatch(/<script|https?:\/\/(?!tongban)/);
  });
});

describe("GET /cases", () => {
  it("lists the department's cases with filters, cursor pages and updated_since", async () => {
    const second = await submit(w, new Date(), "person");
    const all = await api.call("GET", "/cases", { token: read });
    expect(all.status).toBe(200);
    const ids = all.body.rows.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([caseId, second]));
    expect(ids.length).toBe(2);

    const first = await api.call("GET", "/cases?limit=1", { token: read });
    expect(first.body.rows).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await api.call("GET", `/cases?limit=1&cursor=${first.body.nextCursor}`, { token: read });
    expect(next.body.rows).toHaveLength(1);
    expect(next.body.rows[0].id).not.toBe(first.body.rows[0].id);
    expect(next.body.nextCursor).toBeNull();

    const filtered = await api.call("GET", `/cases?status=submitted&item=${w.item.code}`, { token: read });
    expect(filtered.body.rows.length).toBe(2);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api.call("GET", `/cases?updated_since=${future}`, { token: read })).body.rows).toEqual([]);

    const bad = await api.call("GET", "/cases?status=nonsense&limit=0", { token: read });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["status", "limit"]),
    );
  });
});

describe("GET /cases/{id}", () => {
  it("shows a case by id or number, with form, materials and events", async () => {
    const byId = await api.call("GET", `/cases/${caseId}`, { token: read });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ id: caseId, status: "submitted", itemCode: w.item.code });
    // The world's item issues no result of its own; nothing has been issued or decided yet.
    expect(byId.body).toMatchObject({ resultTypeCode: null, results: [], decision: null });
    expect(byId.body.form.length).toBeGreaterThan(0);
    expect(byId.body.events.length).toBeGreaterThan(0);
    const byNo = await api.call("GET", `/cases/${caseNo}`, { token: read });
    expect(byNo.body.id).toBe(caseId);
  });

  it("isolates departments, checks tokens and scopes", async () => {
    const stranger = await api.token(other.dept.code, ["cases:read", "cases:write"]);
    expect((await api.call("GET", `/cases/${caseId}`, { token: stranger })).status).toBe(404);
    expect((await api.call("GET", `/cases/${caseNo}`, { token: stranger })).status).toBe(404);
    const list = await api.call("GET", "/cases", { token: stranger });
    expect(list.body.rows.map((r: { id: string }) => r.id)).not.toContain(caseId);

    const anonymous = await api.call("GET", `/cases/${caseId}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await api.call("GET", `/cases/${caseId}`, { token: "not.a.token" })).status).toBe(401);
    const resultsOnly = await api.token(w.dept.code, ["results:read"]);
    const forbidden = await api.call("GET", `/cases/${caseId}`, { token: resultsOnly });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe("FORBIDDEN");
  });
});

describe("POST /cases/{id}/actions", () => {
  it("accepts through the flow rules; a replay returns the first answer; another body is 422", async () => {
    const id = await submit(w, new Date());
    const body = { action: { type: "accept" }, expectedVersion: await versionOf(id) };
    const headers = { "idempotency-key": `k-${crypto.randomUUID()}` };
    const first = await api.call("POST", `/cases/${id}/actions`, { token: write, json: body, headers });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("in_review");
    const events = await countEvents(id);

    const replay = await api.call("POST", `/cases/${id}/actions`, { token: write, json: body, headers });
    expect(replay).toMatchObject({ status: 200, body: first.body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await countEvents(id)).toBe(events);

    const reused = await api.call("POST", `/cases/${id}/actions`, {
      token: write,
      json: { ...body, expectedVersion: body.expectedVersion + 1 },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe("IDEMPOTENCY_KEY_REUSED");

    const stale = await api.call("POST", `/cases/${id}/actions`, {
      token: write,
      json: {
        action: { type: "review", pass: true, opinion: "材料齐全" },
        expectedVersion: body.expectedVersion,
      },
      headers: { "idempotency-key": `k-${crypto.randomUUID()}` },
    });
    expect(stale.status).toBe(409);
    expect(await countEvents(id)).toBe(events);
  });

  it("runs two simultaneous requests with one key once", async () => {
    const id = await submit(w, new Date());
    const json = { action: { type: "accept" }, expectedVersion: await versionOf(id) };
    const headers = { "idempotency-key": `k-${crypto.randomUUID()}` };
    const events = await countEvents(id);
    const both = await Promise.all(
      [1, 2].map(() => api.call("POST", `/cases/${id}/actions`, { token: write, json, headers })),
    );
    const statuses = both.map((r) => r.status).sort();
    expect([
      [200, 200],
      [200, 409],
    ]).toContainEqual(statuses);
    expect(await versionOf(id)).toBe(json.expectedVersion + 1);
    expect(await countEvents(id)).toBeGreaterThan(events);
    const again = await api.call("POST", `/cases/${id}/actions`, { token: write, json, headers });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("refuses bad bodies with 400 naming the fields and writes nothing", async () => {
    const id = await submit(w, new Date());
    const version = await versionOf(id);
    const events = await countEvents(id);
    const post = (json: unknown, extra: Record<string, string> = {}) =>
      api.call("POST", `/cases/${id}/actions`, {
        token: write,
        json,
        headers: { "idempotency-key": `k-${crypto.randomUUID()}`, ...extra },
      });
    const noVersion = await post({ action: { type: "refuse", reason: "x" } });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["expectedVersion"]),
    );
    const unknown = await post({ action: { type: "fly" }, expectedVersion: version });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toMatch(/^action/);
    const notJson = await api.call("POST", `/cases/${id}/actions`, {
      token: write,
      body: "{oops",
      headers: { "content-type": "application/json", "idempotency-key": `k-${crypto.randomUUID()}` },
    });
    expect(notJson.status).toBe(400);
    const noKey = await api.call("POST", `/cases/${id}/actions`, {
      token: write,
      json: { action: { type: "accept" }, expectedVersion: version },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].path).toBe("Idempotency-Key");
    expect(await versionOf(id)).toBe(version);
    expect(await countEvents(id)).toBe(events);
  });

  it("lets no department act on another's case, and needs cases:write", async () => {
    const id = await submit(w, new Date());
    const json = { action: { type: "accept" }, expectedVersion: await versionOf(id) };
    const stranger = await api.token(other.dept.code, ["cases:read", "cases:write"]);
    const key = () => ({ "idempotency-key": `k-${crypto.randomUUID()}` });
    expect(
      (await api.call("POST", `/cases/${id}/actions`, { token: stranger, json, headers: key() })).status,
    ).toBe(404);
    expect(
      (await api.call("POST", `/cases/${id}/actions`, { token: read, json, headers: key() })).status,
    ).toBe(403);
    expect(await versionOf(id)).toBe(json.expectedVersion);
  });
});

describe("a whole case through the API", () => {
  it("takes every stage action the workbench offers, on the version it was given", async () => {
    const id = await submit(w, new Date());
    let version = await versionOf(id);
    const act = async (action: Record<string, unknown>) => {
      const r = await api.call("POST", `/cases/${id}/actions`, {
        token: write,
        json: { action, expectedVersion: version },
        headers: { "idempotency-key": `k-${crypto.randomUUID()}` },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = r.body.version;
      return r.body;
    };
    expect((await act({ type: "accept" })).status).toBe("in_review");
    expect(
      (await act({ type: "startSpecialProcedure", kind: "inspection", reason: "需现场核查经营场所" })).paused,
    ).toBe(true);
    expect((await act({ type: "endSpecialProcedure", outcome: "现场核查符合要求" })).paused).toBe(false);
    await act({ type: "extend", days: 5, approvedBy: "局长", reason: "情况复杂需延长" });
    await act({ type: "review", pass: true, opinion: "材料齐全" });
    expect((await act({ type: "decide", approve: true, reasons: "符合法定条件" })).status).toBe("decided");
    expect((await act({ type: "conclude" })).status).toBe("concluded");
    const detail = await api.call("GET", `/cases/${id}`, { token: read });
    expect(detail.body).toMatchObject({ status: "concluded", version });
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["accept", "startSpecialProcedure", "extend", "decide", "conclude"]),
    );

    const other = await submit(w, new Date());
    const notice = await api.call("POST", `/cases/${other}/actions`, {
      token: write,
      json: {
        action: { type: "requestSupplement", items: [{ code: "application_form", problem: "缺少签字页" }] },
        expectedVersion: await versionOf(other),
      },
      headers: { "idempotency-key": `k-${crypto.randomUUID()}` },
    });
    expect(notice.body.status).toBe("supplement_requested");
  });
});

describe("allowedActions", () => {
  it("lists what the engine accepts at the step: decide, not review, right after 受理; nothing after 办结", async () => {
    const item = await makeServiceItem(w.dept.code, {
      materials: itemDefinition(w.dept.code).materials.map((m) => ({ ...m, required: false })),
      flowTemplate: {
        type: "instant",
        steps: [
          { code: "accept", name: "受理", role: "clerk", skippable: false },
          { code: "decide", name: "审核决定", role: "approver", skippable: false },
          { code: "conclude", name: "办结", role: "clerk", skippable: false },
        ],
      },
    });
    const filed = await submitCase(await testCtx(w.entApplicant, new Date()), {
      itemCode: item.code,
      applicant: { type: "enterprise", enterpriseId: w.ent.id },
      formData: FORM,
      materials: [],
    });
    const id = filed.id;
    const detail = async () => (await api.call("GET", `/cases/${id}`, { token: read })).body;
    const act = async (action: Record<string, unknown>) =>
      api.call("POST", `/cases/${id}/actions`, {
        token: write,
        json: { action, expectedVersion: await versionOf(id) },
        headers: { "idempotency-key": `k-${crypto.randomUUID()}` },
      });
    expect((await act({ type: "accept" })).status).toBe(200);
    const atDecide = await detail();
    expect(atDecide.currentStep.code).toBe("decide");
    expect(atDecide.allowedActions).toContain("decide");
    expect(atDecide.allowedActions).not.toContain("review");
    // What is not offered is what the engine refuses.
    for (const review of [
      { type: "review", pass: true },
      { type: "review", pass: false, reason: "材料需要重新审查" },
    ]) {
      const refused = await act(review);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe("INVALID_STATE");
    }
    expect((await act({ type: "decide", approve: true, reasons: "符合法定条件" })).status).toBe(200);
    expect((await detail()).allowedActions).toEqual(expect.arrayContaining(["conclude"]));
    expect((await detail()).allowedActions).not.toContain("decide");
    expect((await act({ type: "conclude" })).status).toBe(200);
    const done = await detail();
    expect(done).toMatchObject({ status: "concluded", allowedActions: [] });
  });

  it("at a decide step after a review step offers review as the return to it only", async () => {
    const id = await submit(w, new Date());
    await drive(id, new Date(), [
      [w.clerk, { type: "accept" }],
      [w.reviewer, { type: "review", pass: true }],
    ]);
    const d = (await api.call("GET", `/cases/${id}`, { token: read })).body;
    expect(d.currentStep.code).toBe("decide");
    expect(d.allowedActions).toEqual(expect.arrayContaining(["decide", "review"]));
    const act = async (action: Record<string, unknown>) =>
      api.call("POST", `/cases/${id}/actions`, {
        token: write,
        json: { action, expectedVersion: await versionOf(id) },
        headers: { "idempotency-key": `k-${crypto.randomUUID()}` },
      });
    expect((await act({ type: "review", pass: true })).status).toBe(409);
    const back = await act({ type: "review", pass: false, reason: "需补充审查经营场所" });
    expect(back.body).toMatchObject({ status: "in_review" });
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After over the client's limit", async () => {
    const token = await api.token(w.dept.code, ["cases:read"]);
    for (let i = 0; i < 3; i++)
      expect((await api.call("GET", "/cases", { token, limited: true })).status).toBe(200);
    const over = await api.call("GET", "/cases", { token, limited: true });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe("RATE_LIMITED");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client has its own budget.
    const fresh = await api.token(w.dept.code, ["cases:read"]);
    expect((await api.call("GET", "/cases", { token: fresh, limited: true })).status).toBe(200);
  });
});
