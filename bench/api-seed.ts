// bench:api's data: a department, an item issuing a licence type, applicants and cases in the states the
// scenarios need, all made through our use cases; and the PDF the pushes send.
import { readFile } from "node:fs/promises";
import { type CaseAction, performCaseAction } from "../chain/index.ts";
import type { Runtime } from "../portal/server/runtime.ts";
import {
  type Actor,
  type Ctx,
  createDepartment,
  createRegion,
  importWorkCalendar,
  makeUscc,
  publishServiceItem,
  registerEnterprise,
  registerPerson,
  SYSTEM,
  submitCase,
} from "../registry/index.ts";
import { benchIdNumber, pick, USCC_ALPHA } from "./support.ts";

const FORM = { applicantName: "云港基准测试有限公司", contactPhone: "13912345678" };
const SETUP_CONCURRENCY = 8;

/** Runs `f` over 0..count-1 with a few workers. */
async function pool<T>(count: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: SETUP_CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await f(i);
      }
    }),
  );
  return out;
}

/** A one-page PDF padded with comment lines to about `kb` KiB (real certificates are tens of KiB). */
export function makePdf(kb: number): Buffer {
  const head =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n";
  const pad = `%${"x".repeat(78)}\n`.repeat(Math.max(0, Math.ceil((kb * 1024 - head.length) / 80)));
  return Buffer.from(`${head}${pad}trailer<</Root 1 0 R>>\n%%EOF\n`, "latin1");
}

export interface Seeded {
  deptCode: string;
  typeCode: string;
  caseIds: string[];
  /** Approved and concluded: each holds the result issued at 办结, still without its PDF. */
  concludedIds: string[];
  since: string;
}

/** The department, its item, applicants and cases, through our use cases. */
export async function seed(rt: Runtime, counts: { cases: number; pushCases: number }): Promise<Seeded> {
  const ctx = (actor: Actor = SYSTEM): Ctx => ({
    em: rt.orm.em.fork(),
    actor,
    now: new Date(),
    pii: rt.pii,
    storage: rt.storage,
  });
  const csv = await readFile(
    new URL("../registry/calendar/data/work-calendar-cn.csv", import.meta.url),
    "utf8",
  );
  await importWorkCalendar(ctx(), csv);
  await createRegion(ctx(), { code: "320999", name: "云港市", level: "city", parentCode: null }).catch(
    () => {},
  );
  const deptCode = `B${pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 7)}`;
  const dept = await createDepartment(ctx(), {
    code: deptCode,
    name: `云港市接口基准测试局${deptCode}`,
    shortName: "基准局",
    level: "city",
    regionCode: "320999",
    uscc: makeUscc(`11320999${pick(USCC_ALPHA, 9)}`),
    phone: "0512-12345678",
    address: "云港市政务路 1 号",
  });
  const itemCode = `BENCH-${Date.now() % 1e9}`;
  const typeCode = `BR${Date.now() % 1e9}`;
  await publishServiceItem(ctx(), {
    code: itemCode,
    name: "接口基准测试许可事项",
    departmentCode: deptCode,
    kind: "行政许可",
    handlingType: "promised",
    subjectTypes: ["enterprise", "person"],
    legalBasis: ["《中华人民共和国行政许可法》第二十九条"],
    statutoryDays: 20,
    promisedDays: 5,
    fee: { amountFen: 0, basis: "不收费" },
    servicePoints: [{ name: "云港市行政服务中心", address: "云港市政务路 1 号" }],
    onlineDepth: "全程网办",
    visitsRequired: 0,
    materials: [],
    formSchema: {
      type: "object",
      required: ["applicantName", "contactPhone"],
      properties: {
        applicantName: { type: "string", title: "申请人名称" },
        contactPhone: { type: "string", title: "联系电话" },
      },
    },
    flowTemplate: {
      type: "promised",
      steps: [
        { code: "accept", name: "受理", role: "clerk" },
        { code: "review", name: "审查", role: "reviewer" },
        { code: "decide", name: "决定", role: "approver" },
        { code: "conclude", name: "办结", role: "clerk" },
      ],
    },
    resultType: { code: typeCode, name: "接口基准测试许可证", validMonths: 36 },
  });
  const base = Math.floor(Math.random() * 500) * 1000;
  const person = (i: number, name: string) =>
    registerPerson(ctx(), {
      name,
      idNumber: benchIdNumber(base + i),
      phone: null,
      address: "云港市测试路 1 号",
      realNameLevel: 2,
    });
  const staff = async (i: number, role: string): Promise<Actor> => {
    const p = await person(i, `基准${role}`);
    return {
      type: "person",
      personId: p.id,
      name: `基准${role}`,
      staff: { departmentId: dept.id, roles: [role] },
    };
  };
  const [clerk, reviewer, approver] = [
    await staff(1, "clerk"),
    await staff(2, "reviewer"),
    await staff(3, "approver"),
  ];
  const applicants: {
    actor: Actor;
    applicant: { type: "person" } | { type: "enterprise"; enterpriseId: string };
  }[] = [];
  for (let i = 0; i < 40; i++) {
    const p = await person(10 + i, "基准申请人");
    if (i % 2 === 0) {
      applicants.push({
        actor: { type: "person", personId: p.id, name: "基准申请人" },
        applicant: { type: "person" },
      });
      continue;
    }
    const e = await registerEnterprise(ctx(), {
      uscc: makeUscc(`91320999${pick(USCC_ALPHA, 9)}`),
      name: `云港接口基准${base + i}有限公司`,
      type: "有限责任公司（自然人投资或控股）",
      legalRepPersonId: p.id,
      address: "云港市经济开发区测试大道 8 号",
      registeredCapitalYuan: 1_000_000,
      businessScope: "软件开发",
      establishedOn: "2020-05-18",
    });
    applicants.push({
      actor: {
        type: "person",
        personId: p.id,
        name: "基准法人",
        actingFor: { enterpriseId: e.id, role: "legal_rep" },
      },
      applicant: { type: "enterprise", enterpriseId: e.id },
    });
  }
  const since = new Date(Date.now() - 1000).toISOString();
  const steps: [Actor, CaseAction][] = [
    [clerk, { type: "accept" }],
    [reviewer, { type: "review", pass: true }],
    [approver, { type: "decide", approve: true, reasons: "符合条件，准予许可" }],
    [clerk, { type: "conclude" }],
  ];
  /** Files a case and takes it through the first `upTo` steps. */
  const fileCase = async (n: number, upTo: number) => {
    const a = applicants[n % applicants.length]!;
    const c = await submitCase(ctx(a.actor), { itemCode, applicant: a.applicant, formData: FORM });
    const [row] = await rt.orm.em
      .fork()
      .getConnection()
      .execute("select version from case_file where id = ?", [c.id]);
    let version = row.version as number;
    for (const [actor, action] of steps.slice(0, upTo)) {
      version = (await performCaseAction(ctx(actor), { caseId: c.id, action, expectedVersion: version }))
        .version;
    }
    return c.id;
  };
  const openIds = await pool(counts.cases, (n) => fileCase(n, n % 2));
  const concludedIds = await pool(counts.pushCases, (n) => fileCase(n, steps.length));
  return { deptCode, typeCode, caseIds: [...openIds, ...concludedIds], concludedIds, since };
}
