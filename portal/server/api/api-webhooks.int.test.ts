import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SUBSCRIPTIONS_PER_DEPARTMENT } from "../../../registry/index.ts";
import { makeDepartment } from "../../../registry/testing/factories.ts";
import { closeTestOrm } from "../../../registry/testing/test-env.ts";
import { type ApiHarness, startApi } from "./testing/api-harness.ts";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi("api-webhooks");
});
afterAll(async () => {
  await api?.close();
  await closeTestOrm();
});

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return api.rt.orm.em.fork().getConnection().execute(query, params, "all");
}
const key = () => ({ "idempotency-key": `wh-${crypto.randomUUID()}` });
const subscriptionsOf = async (code: string) =>
  (
    await sql<{ n: number }>(
      "select count(*)::int as n from webhook_subscription s join department d on d.id = s.department_id where d.code = ?",
      [code],
    )
  )[0].n;

/** A department and a token of a system of it holding webhooks:manage. */
async function department() {
  const dept = await makeDepartment();
  return { dept, token: await api.token(dept.code, ["webhooks:manage"]) };
}

describe("/webhooks (a department system's own push subscriptions)", () => {
  it("creates a subscription with its secret once, lists, shows and deletes it; a replay repeats the answer", async () => {
    const { dept, token } = await department();
    const body = { url: "https://dept.example/hooks", eventTypes: ["case.submitted", "result.issued"] };
    const headers = key();
    const created = await api.call("POST", "/webhooks", { token, json: body, headers });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      departmentCode: dept.code,
      url: body.url,
      eventTypes: body.eventTypes,
      active: true,
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.secretHint).toBe(created.body.secret.slice(-4));

    // A retry after a lost answer gets the same subscription and secret, and creates nothing more.
    const replay = await api.call("POST", "/webhooks", { token, json: body, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(created.body);
    expect(await subscriptionsOf(dept.code)).toBe(1);
    // The stored answer never holds the secret in clear.
    const stored = await sql<{ body: unknown }>("select body from idempotency_key where key = ?", [
      headers["idempotency-key"],
    ]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(created.body.secret);

    const list = await api.call("GET", "/webhooks", { token });
    expect(list.status).toBe(200);
    expect(list.body.rows).toEqual([expect.objectContaining({ id: created.body.id, url: body.url })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const one = await api.call("GET", `/webhooks/${created.body.id}`, { token });
    expect(one).toMatchObject({
      status: 200,
      body: { id: created.body.id, secretHint: created.body.secretHint },
    });

    const removed = await api.call("DELETE", `/webhooks/${created.body.id}`, { token });
    expect(removed.status).toBe(204);
    expect(await subscriptionsOf(dept.code)).toBe(0);
    expect((await api.call("GET", `/webhooks/${created.body.id}`, { token })).status).toBe(404);
    expect((await api.call("DELETE", `/webhooks/${created.body.id}`, { token })).status).toBe(404);
    const audits = await sql<{ action: string; actor_type: string }>(
      "select action, actor_type from audit_log where subject_id = ? order by id",
      [created.body.id],
    );
    expect(audits).toEqual([
      expect.objectContaining({ action: "webhook.create", actor_type: "client" }),
      expect.objectContaining({ action: "webhook.delete", actor_type: "client" }),
    ]);
  });

  it("keeps each department to its own subscriptions", async () => {
    const a = await department();
    const b = await department();
    const created = await api.call("POST", "/webhooks", {
      token: a.token,
      json: { url: "https://a.example/hooks", eventTypes: ["case.event"] },
      headers: key(),
    });
    expect(created.status).toBe(201);
    expect((await api.call("GET", "/webhooks", { token: b.token })).body.rows).toEqual([]);
    expect((await api.call("GET", `/webhooks/${created.body.id}`, { token: b.token })).status).toBe(404);
    expect((await api.call("DELETE", `/webhooks/${created.body.id}`, { token: b.token })).status).toBe(404);
    // A department named in the body is ignored: a system subscribes for its own department only.
    const sneaky = await api.call("POST", "/webhooks", {
      token: b.token,
      json: { url: "https://b.example/hooks", eventTypes: ["case.event"], departmentCode: a.dept.code },
      headers: key(),
    });
    expect(sneaky.status).toBe(201);
    expect(sneaky.body.departmentCode).toBe(b.dept.code);
    expect(await subscriptionsOf(a.dept.code)).toBe(1);
  });

  it("needs the webhooks:manage scope", async () => {
    const dept = await makeDepartment();
    const token = await api.token(dept.code, ["cases:read", "cases:write", "results:write"]);
    const list = await api.call("GET", "/webhooks", { token });
    expect(list.status).toBe(403);
    expect(list.headers.get("www-authenticate")).toContain("insufficient_scope");
    const create = await api.call("POST", "/webhooks", {
      token,
      json: { url: "https://dept.example/hooks", eventTypes: ["case.submitted"] },
      headers: key(),
    });
    expect(create.status).toBe(403);
    expect((await api.call("DELETE", `/webhooks/${crypto.randomUUID()}`, { token })).status).toBe(403);
    expect((await api.call("GET", "/webhooks")).status).toBe(401);
    expect(await subscriptionsOf(dept.code)).toBe(0);
  });

  it("refuses a bad body with 400 naming the fields, and writes nothing", async () => {
    const { dept, token } = await department();
    const bad = await api.call("POST", "/webhooks", {
      token,
      json: { url: "ftp://dept.example/hooks", eventTypes: ["case.submitted", "case.exploded"] },
      headers: key(),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["url", "eventTypes.1"]),
    );
    const empty = await api.call("POST", "/webhooks", { token, json: { eventTypes: [] }, headers: key() });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["url", "eventTypes"]),
    );
    const notJson = await api.call("POST", "/webhooks", {
      token,
      body: "{url",
      headers: { ...key(), "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    const noKey = await api.call("POST", "/webhooks", {
      token,
      json: { url: "https://dept.example/hooks", eventTypes: ["case.submitted"] },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors.map((e: { path: string }) => e.path)).toEqual(["Idempotency-Key"]);
    expect((await api.call("GET", "/webhooks/not-a-uuid", { token })).status).toBe(404);
    expect(await subscriptionsOf(dept.code)).toBe(0);
  });

  it(`holds at most ${MAX_SUBSCRIPTIONS_PER_DEPARTMENT} subscriptions per department`, async () => {
    const { dept, token } = await department();
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_DEPARTMENT; i++) {
      const r = await api.call("POST", "/webhooks", {
        token,
        json: { url: `https://dept.example/hooks/${i}`, eventTypes: ["case.submitted"] },
        headers: key(),
      });
      expect(r.status).toBe(201);
    }
    const over = await api.call("POST", "/webhooks", {
      token,
      json: { url: "https://dept.example/hooks/over", eventTypes: ["case.submitted"] },
      headers: key(),
    });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe("INVALID_STATE");
    expect(await subscriptionsOf(dept.code)).toBe(MAX_SUBSCRIPTIONS_PER_DEPARTMENT);
  });
});
