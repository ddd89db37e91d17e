import { afterAll, describe, expect, it } from "vitest";
import { sqlRows } from "../../platform/index.ts";
import { closeTestOrm, testOrm } from "../testing/test-env.ts";
import {
  answerIdempotent,
  beginIdempotent,
  finishIdempotent,
  purgeIdempotencyKeys,
  requestHash,
} from "./idempotency.ts";

afterAll(async () => {
  await closeTestOrm();
});

const em = async () => (await testOrm()).em.fork();
const t0 = new Date("2026-11-23T08:00:00Z");

describe("idempotency keys", () => {
  it("claims once, refuses while running, replays the stored answer, and refuses another body", async () => {
    const ids = { clientId: `c-${crypto.randomUUID()}`, key: "k1" };
    const hash = requestHash("POST", "/cases/x/actions", '{"a":1}');
    expect(await beginIdempotent(await em(), { ...ids, hash, now: t0 })).toBeNull();
    await expect(beginIdempotent(await em(), { ...ids, hash, now: t0 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await finishIdempotent(await em(), { ...ids, response: { status: 200, body: { ok: true } } });
    expect(await beginIdempotent(await em(), { ...ids, hash, now: t0 })).toEqual({
      status: 200,
      body: { ok: true },
    });
    const other = requestHash("POST", "/cases/x/actions", '{"a":2}');
    await expect(beginIdempotent(await em(), { ...ids, hash: other, now: t0 })).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
    });
    // Keys are per client.
    expect(
      await beginIdempotent(await em(), {
        clientId: `c-${crypto.randomUUID()}`,
        key: "k1",
        hash: other,
        now: t0,
      }),
    ).toBeNull();
  });

  it("lets a request whose first attempt died be claimed again after a minute, and releases keys on 5xx", async () => {
    const ids = { clientId: `c-${crypto.randomUUID()}`, key: "k2" };
    const hash = requestHash("POST", "/p", "body");
    expect(await beginIdempotent(await em(), { ...ids, hash, now: t0 })).toBeNull();
    const later = new Date(t0.getTime() + 61_000);
    expect(await beginIdempotent(await em(), { ...ids, hash, now: later })).toBeNull();
    await finishIdempotent(await em(), { ...ids, response: { status: 500, body: null } });
    expect(await beginIdempotent(await em(), { ...ids, hash, now: later })).toBeNull();
  });

  it("stores the answer in the change's own transaction: both or neither", async () => {
    // The work writes an audit row (any write would do) tagged with the key.
    const work = (tag: string, body: unknown) => async (tx: Awaited<ReturnType<typeof em>>) => {
      await sqlRows(
        tx,
        `insert into audit_log (at, actor_type, actor_id, action, subject_type, subject_id, detail)
         values (now(), 'system', 'test', 'idempotency.test', 'test', ?, '{}'::jsonb)`,
        [tag],
      );
      return { status: 201, body };
    };
    const written = async (tag: string) =>
      (await sqlRows(await em(), "select 1 from audit_log where subject_id = ?", [tag])).length;
    const refusal = (e: unknown) => ({ status: 500, body: { detail: String(e) } });
    const claim = async (key: string) => {
      const ids = { clientId: `c-${crypto.randomUUID()}`, key };
      expect(await beginIdempotent(await em(), { ...ids, hash: "h", now: new Date() })).toBeNull();
      return ids;
    };

    const ok = await claim("ok");
    const okTag = crypto.randomUUID();
    expect(await answerIdempotent(await em(), ok, work(okTag, { n: 1 }), { refusal })).toEqual({
      status: 201,
      body: { n: 1 },
    });
    expect(await written(okTag)).toBe(1);
    expect(await beginIdempotent(await em(), { ...ok, hash: "h", now: new Date() })).toEqual({
      status: 201,
      body: { n: 1 },
    });

    // The answer cannot be stored (PostgreSQL's jsonb refuses \u0000): the change is undone with it and the
    // key is released (a 5xx), so a retry makes the change once.
    const bad = await claim("bad");
    const badTag = crypto.randomUUID();
    const answer = await answerIdempotent(await em(), bad, work(badTag, { text: "\u0000" }), { refusal });
    expect(answer.status).toBe(500);
    expect(await written(badTag)).toBe(0);
    expect(await beginIdempotent(await em(), { ...bad, hash: "h", now: new Date() })).toBeNull();

    // A refusal writes nothing and is the answer a replay gets.
    const no = await claim("no");
    const noTag = crypto.randomUUID();
    const refused = await answerIdempotent(
      await em(),
      no,
      async (tx) => {
        await work(noTag, {})(tx);
        throw new Error("refused");
      },
      { refusal: () => ({ status: 422, body: { code: "VALIDATION" } }) },
    );
    expect(refused).toEqual({ status: 422, body: { code: "VALIDATION" } });
    expect(await written(noTag)).toBe(0);
    expect(await beginIdempotent(await em(), { ...no, hash: "h", now: new Date() })).toEqual(refused);
  });

  it("purges keys past their replay window of a day", async () => {
    // Long ago, so that the purge cannot touch the keys of tests running beside this one.
    const t0 = new Date("2020-01-06T08:00:00Z");
    const ids = { clientId: `c-${crypto.randomUUID()}`, key: "k3" };
    const hash = requestHash("POST", "/p", "b");
    expect(await beginIdempotent(await em(), { ...ids, hash, now: t0 })).toBeNull();
    await finishIdempotent(await em(), { ...ids, response: { status: 200, body: 1 } });
    await purgeIdempotencyKeys(await em(), new Date(t0.getTime() + 3_600_000));
    expect(await beginIdempotent(await em(), { ...ids, hash, now: t0 })).toEqual({ status: 200, body: 1 });
    expect(await purgeIdempotencyKeys(await em(), new Date(t0.getTime() + 25 * 3_600_000))).toBeGreaterThan(
      0,
    );
    expect(await beginIdempotent(await em(), { ...ids, hash: "other", now: t0 })).toBeNull();
  });
});
