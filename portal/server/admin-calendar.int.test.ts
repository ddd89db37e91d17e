import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getWorkCalendarOverview } from "../../registry/index.ts";
import { makeDepartment, makePerson, personActor } from "../../registry/testing/factories.ts";
import { testCtx } from "../../registry/testing/test-env.ts";
import type { Runtime } from "./runtime.ts";
import { type PortalHarness, startPortal } from "./testing/portal-harness.ts";

let h: PortalHarness;
let rt: Runtime;

beforeAll(async () => {
  h = await startPortal("admin-calendar");
  rt = h.rt;
}, 120_000);

afterAll(async () => {
  // The test database is shared: leave no made-up years behind.
  await sql("delete from work_calendar where date >= '2044-01-01' and date < '2046-01-01'");
  await h?.close();
});

async function sql<T = Record<string, unknown>>(q: string, params: unknown[] = []): Promise<T[]> {
  return rt.orm.em.fork().getConnection().execute(q, params, "all");
}

const daysOf = (year: number) =>
  sql<{ date: string; kind: string; name: string }>(
    "select date::text, kind, name from work_calendar where extract(year from date) = ? order by date",
    [year],
  );

async function signInAs(roles: string[]) {
  const dept = await makeDepartment();
  const p = await makePerson({ name: "历管理" });
  return {
    cookie: await h.signIn(p.id, "历管理", { staffPosts: [{ department: dept.code, roles }] }),
    personId: p.id,
    departmentId: dept.id,
  };
}

/** The bytes of a GBK-encoded CSV (as spreadsheet programs on Chinese Windows save it). */
function gbkCsv(): Uint8Array<ArrayBuffer> {
  const ascii = (s: string) => [...Buffer.from(s, "latin1")];
  const yuandan = [0xd4, 0xaa, 0xb5, 0xa9]; // 元旦
  const chunjie = [0xb4, 0xba, 0xbd, 0xda]; // 春节
  return Uint8Array.from([
    ...ascii("date,kind,name\r\n2044-01-01,holiday,"),
    ...yuandan,
    ...ascii("\r\n2044-01-30,holiday,"),
    ...chunjie,
    ...ascii("\r\n"),
  ]);
}

describe("/admin/calendar", () => {
  it("shows an admin how far time limits can be counted and the covered years' days", async () => {
    const admin = await signInAs(["admin"]);
    const page = await h.get("/admin/calendar", admin.cookie);
    expect(page.res.status).toBe(200);
    for (const text of [
      "工作日历",
      "推送订阅",
      "导入节假日安排",
      "2026 年",
      "春节 调休上班",
      "调休上班",
      "周六",
    ])
      expect(page.html).toContain(text);
    // What the page says about coverage is what the use case computes for today.
    const o = await getWorkCalendarOverview({
      ...(await testCtx(
        personActor(admin.personId, { staff: { departmentId: admin.departmentId, roles: ["admin"] } }),
      )),
    });
    if (o.coveredUntil) {
      expect(page.html).toContain(`时限可计算至 ${o.coveredUntil}`);
      expect(page.html).toContain(`还有 ${o.workingDaysLeft} 个工作日`);
    } else expect(page.html).toContain("节假日安排尚未导入");
    if (o.nextYearMissing)
      expect(page.html).toContain(`尚未导入 ${Number(o.today.slice(0, 4)) + 1} 年节假日安排`);
  });

  it("imports an uploaded GBK file, replacing its year, audits it and reports what it wrote", async () => {
    const admin = await signInAs(["admin"]);
    await sql(
      "insert into work_calendar (date, kind, name) values ('2044-05-02', 'holiday', '劳动节（旧）')",
    );
    const body = new FormData();
    body.set("file", new Blob([gbkCsv()], { type: "text/csv" }), "2044年节假日安排.csv");
    body.set("text", "");
    const posted = await h.post("/admin/calendar", admin.cookie, body);
    expect(posted.res.status).toBe(302);
    const location = posted.res.headers.get("location") as string;
    expect(location).toBe("/admin/calendar?years=2044&rows=2&removed=1");
    expect(await daysOf(2044)).toEqual([
      { date: "2044-01-01", kind: "holiday", name: "元旦" },
      { date: "2044-01-30", kind: "holiday", name: "春节" },
    ]);
    const [audit] = await sql<{ actor_id: string; detail: Record<string, unknown> }>(
      "select actor_id, detail from audit_log where action = 'calendar.import' and subject_id = '2044'",
    );
    expect(audit).toEqual({
      actor_id: admin.personId,
      detail: { holidays: 2, workdays: 0, removed: ["2044-05-02"] },
    });
    const after = await h.get(location, admin.cookie);
    expect(after.html).toContain("已导入 2044 年的安排：写入 2 行，移除 1 行");
    expect(after.html).toContain("2044 年");
  });

  it("imports pasted text, and shows a bad line beside the form, keeping the text and writing nothing", async () => {
    const admin = await signInAs(["admin"]);
    const bad = "date,kind,name\n2045-01-01,holiday,元旦\n2045-01-02,vacation,元旦\n";
    const refused = await h.post("/admin/calendar", admin.cookie, { text: bad });
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain("工作日历第 3 行");
    expect(refused.html).toContain("类型只能是 holiday（放假）或 workday（调休上班）");
    expect(refused.html).toContain("2045-01-02,vacation,元旦");
    expect(await daysOf(2045)).toEqual([]);

    const unreadable = new FormData();
    unreadable.set("file", new Blob([Uint8Array.from([0xff, 0xfe, 0x00, 0xd8])]), "x.csv");
    const binary = await h.post("/admin/calendar", admin.cookie, unreadable);
    expect(binary.res.status).toBe(400);
    expect(binary.html).toContain("无法识别文件编码");

    const huge = new FormData();
    huge.set("file", new Blob([new Uint8Array(2_000_000).fill(0x23)]), "huge.csv");
    const tooBig = await h.post("/admin/calendar", admin.cookie, huge);
    expect(tooBig.res.status).toBe(413);
    expect(tooBig.html).toContain("文件过大");

    const empty = await h.post("/admin/calendar", admin.cookie, { text: "  " });
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain("请选择或粘贴节假日安排文件");

    const good = await h.post("/admin/calendar", admin.cookie, {
      text: "date,kind,name\n2045-01-01,holiday,元旦\n2045-01-07,workday,调休上班\n",
    });
    expect(good.res.status).toBe(302);
    expect(good.res.headers.get("location")).toBe("/admin/calendar?years=2045&rows=2&removed=0");
    expect((await daysOf(2045)).map((d) => d.kind)).toEqual(["holiday", "workday"]);
  });

  it("lets a department admin look but not import, and refuses everyone else", async () => {
    const anonymous = await h.get("/admin/calendar");
    expect(anonymous.res.status).toBe(302);
    expect(anonymous.res.headers.get("location")).toContain("/auth/login");

    const deptAdmin = await signInAs(["dept_admin"]);
    const page = await h.get("/admin/calendar", deptAdmin.cookie);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("工作日历由平台管理员维护");
    expect(page.html).not.toContain('name="text"');
    const post = await h.post("/admin/calendar", deptAdmin.cookie, {
      text: "date,kind,name\n2045-10-01,holiday,国庆节\n",
    });
    expect(post.res.status).toBe(403);
    expect(post.html).toContain("只有管理员可以维护工作日历");
    expect((await daysOf(2045)).map((d) => d.date)).not.toContain("2045-10-01");

    const clerk = await signInAs(["clerk", "approver"]);
    expect((await h.get("/admin/calendar", clerk.cookie)).res.status).toBe(403);
    const p = await makePerson();
    const citizen = await h.signIn(p.id, "张市民");
    expect((await h.get("/admin/calendar", citizen)).res.status).toBe(403);
  });
});
