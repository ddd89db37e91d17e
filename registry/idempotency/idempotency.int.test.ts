import { afterAll, describe, expect, it } from "vitest";
import { closeTestOrm, testOrm } from "../testing/test-env.ts";
import { beginIdempotent, finishIdempotent, purgeIdempotencyKeys, requestHash } from "./idempotency.ts";

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
