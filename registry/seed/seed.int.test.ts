import { afterAll, describe, expect, it } from "vitest";
import { runCaseAction } from "../../chain/index.ts";
import { verifyCaseEvents } from "../cases/verify-case-events.ts";
import { SYSTEM } from "../context.ts";
import { findEnterpriseByUscc } from "../enterprises/find-enterprise.ts";
import { findPersonByIdNumber } from "../persons/find-person.ts";
import { closeTestOrm, testCtx, testPii } from "../testing/test-env.ts";
import { demoCity } from "./seed-data.ts";
import { seedDemoCity } from "./seed-demo.ts";

afterAll(closeTestOrm);

const count = async (sql: string, params: unknown[] = []) =>
  Number((await (await testCtx()).em.getConnection().execute(sql, params))[0].n);

describe("demo city seed", () => {
  it("seeds the city once and creates nothing on a second run", async () => {
    const first = await seedDemoCity(await testCtx(SYSTEM), { historicalCases: 40, runCaseAction });
    expect(first.departments).toBe(demoCity.departments.length);
    expect(first.itemVersions).toBe(demoCity.serviceItems.length);
    expect(first.persons).toBe(demoCity.persons.length);
    expect(first.enterprises).toBe(demoCity.enterprises.length);
    expect(first.historicalCases).toBe(40);
    expect(first.skippedCases ?? 0).toBe(0);

    // Only the demo city's own rows: other test files write to the same database at the same time.
    const depts = demoCity.departments.map((d) => d.code);
    const byDept = (table: string, col: string) =>
      `select count(*) as n from ${table} x join department d on d.id = x.${col} where d.code in (?)`;
    const queries: [string, unknown[]][] = [
      ["select count(*) as n from department where code in (?)", [depts]],
      [byDept("service_item", "department_id"), [depts]],
      [byDept("staff", "department_id"), [depts]],
      [byDept("case_file", "department_id"), [depts]],
      [byDept("result", "issuing_department_id"), [depts]],
      [
        "select count(*) as n from case_event e join case_file c on c.id = e.case_id join department d on d.id = c.department_id where d.code in (?)",
        [depts],
      ],
      ["select count(*) as n from enterprise where uscc in (?)", [demoCity.enterprises.map((e) => e.uscc)]],
      [
        "select count(*) as n from enterprise_member m join enterprise e on e.id = m.enterprise_id where e.uscc in (?)",
        [demoCity.enterprises.map((e) => e.uscc)],
      ],
      [
        "select count(*) as n from person where id_number_hash in (?)",
        [demoCity.persons.map((p) => testPii().blindIndex(p.idNumber, "id"))],
      ],
    ];
    const before = await Promise.all(queries.map(([q, p]) => count(q, p)));
    expect(before.every((n) => n > 0)).toBe(true);
    const second = await seedDemoCity(await testCtx(SYSTEM), { historicalCases: 40, runCaseAction });
    for (const [k, v] of Object.entries(second)) expect([k, v]).toEqual([k, 0]);
    const after = await Promise.all(queries.map(([q, p]) => count(q, p)));
    expect(after).toEqual(before);
  }, 120_000);

  it("leaves findable people and enterprises, valid case chains and results in spaces", async () => {
    const ctx = await testCtx(SYSTEM);
    const p = demoCity.persons[0];
    expect((await findPersonByIdNumber(ctx, p.idNumber))?.name).toBe(p.name);
    const e = demoCity.enterprises[0];
    expect((await findEnterpriseByUscc(ctx, e.uscc))?.name).toBe(e.name);
    const demoCases: { id: string }[] = await ctx.em
      .getConnection()
      .execute(
        "select c.id from case_file c join department d on d.id = c.department_id where d.code like 'YG%' order by c.case_no limit 15",
      );
    expect(demoCases.length).toBeGreaterThan(10);
    for (const c of demoCases) expect((await verifyCaseEvents(ctx, c.id)).ok).toBe(true);
    expect(
      await count(
        "select count(*) as n from result r join department d on d.id = r.issuing_department_id where d.code like 'YG%'",
      ),
    ).toBeGreaterThan(10);
    // Handled through the flow runtime: every case past submission has its flow snapshot, and the
    // snapshot's status is the row's.
    expect(
      await count(
        `select count(*) as n from case_file c join department d on d.id = c.department_id
         where d.code like 'YG%' and c.status <> 'submitted' and (c.flow is null or c.flow->>'status' <> c.status)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from case_file c join department d on d.id = c.department_id
         where d.code like 'YG%' and c.status = 'concluded'`,
      ),
    ).toBeGreaterThan(10);
  });
});
