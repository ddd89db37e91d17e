import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitChainApplication } from "./chain-application.ts";
import { performCaseAction } from "./perform-case-action.ts";
import { at, type ChainWorld, chainWorld } from "./testing/chain-world.ts";

// 竣工联合验收: five parallel inspections (规划核实 ∥ 消防 ∥ 人防 ∥ 档案 ∥ 质量监督) → 竣工验收备案.
const DAY = "2026-11-23";
const ROUNDS = 100;

let w: ChainWorld;
beforeAll(async () => {
  w = await chainWorld("chain_race");
});
afterAll(async () => {
  await w?.close();
});

/** A 竣工联合验收 instance whose five inspection cases are all decided (approved), each waiting for 办结. */
async function readyToJoin(n: number) {
  const { who, input } = await w.enterpriseApplication(
    "YJS-JGYS",
    `云港置业${[...String(n)].map((d) => "〇一二三四五六七八九"[Number(d)]).join("")}号项目有限公司`,
    DAY,
  );
  const filed = await submitChainApplication(w.ctx(who.actor, at(DAY, 9)), input);
  expect(filed.cases).toHaveLength(5);
  const decided = await Promise.all(
    filed.cases.map(async (c) => ({
      caseId: c.caseId,
      version: (await w.drive(c.caseId, at(DAY, 10), true, "decided")).version,
    })),
  );
  return { instanceId: filed.instanceId, decided };
}

/** Concludes the decided cases at the same moment, each from its own connection and transaction. */
async function concludeTogether(decided: { caseId: string; version: number }[]) {
  const staff = await Promise.all(
    decided.map(async (d) => {
      const [c] = await w.sql<{ department_id: string }>("select department_id from case_file where id = ?", [
        d.caseId,
      ]);
      return w.staffOf(c.department_id);
    }),
  );
  return Promise.allSettled(
    decided.map((d, i) =>
      performCaseAction(w.ctx(staff[i], at(DAY, 15)), {
        caseId: d.caseId,
        action: { type: "conclude" },
        expectedVersion: d.version,
      }),
    ),
  );
}

async function recordCases(instanceId: string) {
  return w.sql<{ id: string; handoffs: string }>(
    `select c.id, (select count(*)::text from case_material m where m.case_id = c.id and m.result_id is not null) as handoffs
     from case_file c where c.chain_instance_id = ? and c.chain_stage = 'record'`,
    [instanceId],
  );
}

describe("竣工联合验收 under concurrency", () => {
  it(`five parallel conclusions at the same moment start the next stage exactly once (${ROUNDS} rounds)`, async () => {
    const instances: Awaited<ReturnType<typeof readyToJoin>>[] = [];
    for (let i = 0; i < ROUNDS; i += 5)
      instances.push(...(await Promise.all([0, 1, 2, 3, 4].map((k) => readyToJoin(i + k)))));
    for (const inst of instances) {
      const settled = await concludeTogether(inst.decided);
      expect(settled.map((s) => s.status)).toEqual([
        "fulfilled",
        "fulfilled",
        "fulfilled",
        "fulfilled",
        "fulfilled",
      ]);
      const record = await recordCases(inst.instanceId);
      expect(record).toHaveLength(1);
      // The filing (竣工验收备案) gets all five inspection results as materials.
      expect(record[0].handoffs).toBe("5");
    }
    const [counts] = await w.sql<{ instances: string; record: string; stage_started: string }>(
      `select (select count(*)::text from chain_instance ci where ci.snapshot->'stages'->'record'->>'status' = 'running') as instances,
              (select count(*)::text from case_file where chain_stage = 'record') as record,
              (select count(*)::text from outbox where topic = 'chain.event' and payload->>'stage' = 'record'
                 and payload->>'kind' = 'stageStarted') as stage_started`,
    );
    expect(counts).toEqual({
      instances: String(ROUNDS),
      record: String(ROUNDS),
      stage_started: String(ROUNDS),
    });
  }, 300_000);

  it("a conclusion whose transaction aborts midway leaves neither the conclusion nor the advance", async () => {
    const inst = await readyToJoin(1000);
    const [first, ...rest] = inst.decided;
    // Four conclude; the fifth would start the next stage — and its transaction fails while filing it.
    for (const r of await concludeTogether(rest)) expect(r.status).toBe("fulfilled");
    await w.sql(
      `create or replace function tb_test_abort() returns trigger language plpgsql as $$
       begin
         if new.chain_stage = 'record' then raise exception 'injected failure while filing the next stage'; end if;
         return new;
       end $$`,
    );
    await w.sql(
      "create trigger tb_test_abort before insert on case_file for each row execute function tb_test_abort()",
    );
    const snapshotBefore = await w.sql("select snapshot, version from chain_instance where id = ?", [
      inst.instanceId,
    ]);
    const caseBefore = await w.sql("select status, version, event_count from case_file where id = ?", [
      first.caseId,
    ]);
    try {
      const [failed] = await concludeTogether([first]);
      expect(failed.status).toBe("rejected");
      expect(String((failed as PromiseRejectedResult).reason)).toMatch(/injected failure/);
      expect(
        await w.sql("select snapshot, version from chain_instance where id = ?", [inst.instanceId]),
      ).toEqual(snapshotBefore);
      expect(
        await w.sql("select status, version, event_count from case_file where id = ?", [first.caseId]),
      ).toEqual(caseBefore);
      expect(await w.sql("select id from result where case_id = ?", [first.caseId])).toEqual([]);
      expect(await recordCases(inst.instanceId)).toEqual([]);
    } finally {
      await w.sql("drop trigger tb_test_abort on case_file");
    }
    // Retried once the fault is gone, the same conclusion goes through and the next stage starts once.
    const [retried] = await concludeTogether([first]);
    expect(retried.status).toBe("fulfilled");
    expect(await recordCases(inst.instanceId)).toHaveLength(1);
  });

  it("the same conclusion posted twice at once: one wins, the other is a conflict, the chain counts it once", async () => {
    const inst = await readyToJoin(2000);
    const [first, ...rest] = inst.decided;
    const settled = await concludeTogether([first, first]);
    expect(settled.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = settled.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: "CONFLICT" });
    const [row] = await w.sql<{
      version: number;
      snapshot: { stages: { inspect: { slots: Record<string, { status: string }> } } };
    }>("select version, snapshot from chain_instance where id = ?", [inst.instanceId]);
    expect(
      Object.values(row.snapshot.stages.inspect.slots).filter((s) => s.status === "approved"),
    ).toHaveLength(1);
    // 1 when filed with its first stage, 2 after the one conclusion that counted.
    expect(row.version).toBe(2);
    for (const r of await concludeTogether(rest)) expect(r.status).toBe("fulfilled");
    expect(await recordCases(inst.instanceId)).toHaveLength(1);
  });
});
