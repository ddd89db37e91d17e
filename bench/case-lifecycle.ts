/**
 * `npm run bench:case`: full case lifecycles through performCaseAction on a real PostgreSQL.
 *
 * Without DATABASE_URL it creates tongban_bench, migrates it and drops it at the end; with DATABASE_URL it
 * migrates that database and adds its own uniquely coded department, item and applicants (never drops it).
 * BENCH_PROFILE=file.cpuprofile writes a CPU profile of the transitions phase (open it in Chrome DevTools).
 * Knobs: BENCH_CASES (1000), BENCH_CONCURRENCY (8). All cases are submitted first (their own phase and
 * rate), then each case runs 7 transitions accept → requestSupplement → supplement → review → review →
 * decide → conclude (issues a result), CONCURRENCY cases at a time; transitions/s is that phase's rate.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import type { CaseAction } from "../chain/index.ts";
import { performCaseAction } from "../chain/index.ts";
import { createPiiCipher, migrateUp, OutboxEvent, openOrm } from "../platform/index.ts";
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
  registryEntities,
  registryMigrations,
  SYSTEM,
  submitCase,
} from "../registry/index.ts";
import { adminSql, benchIdNumber, machineCpu, percentile, pick, USCC_ALPHA } from "./support.ts";

const CASES = Number(process.env.BENCH_CASES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const OWN_DB = !process.env.DATABASE_URL;
const URL_ = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tongban_bench");
// A working Tuesday inside the calendar's covered years; every transition happens "now".
const NOW = new Date("2026-03-03T02:00:00Z");
const FORM = { applicantName: "云港基准测试有限公司", contactPhone: "13912345678" };

const admin = (sql: string) => adminSql(URL_, sql);

async function main() {
  const dbName = URL_.pathname.slice(1);
  if (OWN_DB) {
    await admin(`drop database if exists "${dbName}" with (force)`);
    await admin(`create database "${dbName}"`);
  }
  const orm = await openOrm({
    clientUrl: URL_.toString(),
    entities: [OutboxEvent, ...registryEntities],
    migrations: registryMigrations,
    poolMax: CONCURRENCY + 2,
    // BENCH_SQL=1 LOG_LEVEL=debug prints every query, to count them per transition.
    debug: process.env.BENCH_SQL === "1",
  });
  const pii = createPiiCipher({ encKey: randomBytes(32), hmacKey: randomBytes(32) });
  const ctx = (actor: Actor = SYSTEM): Ctx => ({ em: orm.em.fork(), actor, now: NOW, pii });
  try {
    await migrateUp(orm);
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
      name: `云港市基准测试局${deptCode}`,
      shortName: "基准局",
      level: "city",
      regionCode: "320999",
      uscc: makeUscc(`11320999${pick(USCC_ALPHA, 9)}`),
      phone: "0512-12345678",
      address: "云港市政务路 1 号",
    });
    const itemCode = `BENCH-${Date.now() % 1e9}`;
    await publishServiceItem(ctx(), {
      code: itemCode,
      name: "基准测试许可事项",
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
        properties: { applicantName: { type: "string" }, contactPhone: { type: "string" } },
      },
      flowTemplate: {
        type: "promised",
        steps: [
          { code: "accept", name: "受理", role: "clerk" },
          { code: "review", name: "审查", role: "reviewer" },
          { code: "inspect", name: "现场核查", role: "reviewer" },
          { code: "decide", name: "决定", role: "approver" },
          { code: "conclude", name: "办结", role: "clerk" },
        ],
      },
      resultType: { code: `BR${Date.now() % 1e9}`, name: "基准测试许可证", validMonths: 36 },
    });
    const person = async (i: number, name: string) =>
      registerPerson(ctx(), {
        name,
        idNumber: benchIdNumber(i),
        phone: null,
        address: "云港市测试路 1 号",
        realNameLevel: 2,
      });
    const base = Math.floor(Math.random() * 500) * 1000;
    const staff = async (i: number, roles: string[]): Promise<Actor> => {
      const p = await person(base + i, "基准工作人员");
      return {
        type: "person",
        personId: p.id,
        name: `${roles[0]}工作人员`,
        staff: { departmentId: dept.id, roles },
      };
    };
    const [clerk, reviewer, approver] = [
      await staff(1, ["clerk"]),
      await staff(2, ["reviewer"]),
      await staff(3, ["approver"]),
    ];
    // Half the applicants are individuals, half legal representatives acting for their enterprise.
    const applicants: {
      actor: Actor;
      applicant: { type: "person" } | { type: "enterprise"; enterpriseId: string };
    }[] = [];
    for (let i = 0; i < 40; i++) {
      const p = await person(base + 10 + i, "基准申请人");
      if (i % 2 === 0) {
        applicants.push({
          actor: { type: "person", personId: p.id, name: "基准申请人" },
          applicant: { type: "person" },
        });
        continue;
      }
      const e = await registerEnterprise(ctx(), {
        uscc: makeUscc(`91320999${pick(USCC_ALPHA, 9)}`),
        name: `云港基准${base + i}有限公司`,
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

    const timings = new Map<string, number[]>();
    const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      const list = timings.get(label) ?? [];
      list.push(performance.now() - t0);
      timings.set(label, list);
      return r;
    };

    const submitOne = async (n: number) => {
      const a = applicants[n % applicants.length]!;
      const c = await time("(submit)", () =>
        submitCase(ctx(a.actor), { itemCode, applicant: a.applicant, formData: FORM }),
      );
      const [row] = await orm.em
        .fork()
        .getConnection()
        .execute("select version from case_file where id = ?", [c.id]);
      return { id: c.id, version: row.version as number, actor: a.actor };
    };
    const transitions = async (c: Awaited<ReturnType<typeof submitOne>>) => {
      const steps: [string, Actor, CaseAction][] = [
        ["accept", clerk, { type: "accept" }],
        [
          "requestSupplement",
          reviewer,
          { type: "requestSupplement", items: [{ code: "application_form", problem: "缺少签字页" }] },
        ],
        ["supplement", c.actor, { type: "supplement", items: [{ code: "application_form" }] }],
        ["review (审查)", reviewer, { type: "review", pass: true }],
        ["review (现场核查)", reviewer, { type: "review", pass: true }],
        ["decide", approver, { type: "decide", approve: true, reasons: "符合条件，准予许可" }],
        ["conclude", clerk, { type: "conclude" }],
      ];
      let version = c.version;
      for (const [label, actor, action] of steps) {
        const out = await time(label, () =>
          performCaseAction(ctx(actor), { caseId: c.id, action, expectedVersion: version }),
        );
        version = out.version;
      }
    };
    /** Runs `f` over 0..count-1 with CONCURRENCY workers; returns the results and the seconds taken. */
    const pool = async <T>(count: number, f: (i: number) => Promise<T>) => {
      const out: T[] = new Array(count);
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < count) {
            const i = next++;
            out[i] = await f(i);
          }
        }),
      );
      return { out, seconds: (performance.now() - t0) / 1000 };
    };

    // Warm-up (JIT, pools, caches), not counted.
    const warm = await pool(CONCURRENCY, submitOne);
    await pool(warm.out.length, (i) => transitions(warm.out[i]!));
    timings.clear();
    // Submissions first, then the lifecycles' transitions, so that each phase's rate is its own.
    const submitted = await pool(CASES, submitOne);
    const profiler = process.env.BENCH_PROFILE ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const cpu0 = process.cpuUsage();
    const machine0 = await machineCpu();
    const handled = await pool(CASES, (i) => transitions(submitted.out[i]!));
    const cpu = process.cpuUsage(cpu0);
    const machine1 = await machineCpu();
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      await writeFile(process.env.BENCH_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    const seconds = handled.seconds;

    const rows: Record<string, { count: number; "p50 ms": number; "p99 ms": number; "mean ms": number }> = {};
    const all: number[] = [];
    for (const [label, list] of timings) {
      const sorted = [...list].sort((x, y) => x - y);
      if (label !== "(submit)") all.push(...sorted);
      rows[label] = {
        count: list.length,
        "p50 ms": +percentile(sorted, 50).toFixed(1),
        "p99 ms": +percentile(sorted, 99).toFixed(1),
        "mean ms": +(list.reduce((s, x) => s + x, 0) / list.length).toFixed(1),
      };
    }
    all.sort((x, y) => x - y);
    rows["all transitions"] = {
      count: all.length,
      "p50 ms": +percentile(all, 50).toFixed(1),
      "p99 ms": +percentile(all, 99).toFixed(1),
      "mean ms": +(all.reduce((s, x) => s + x, 0) / all.length).toFixed(1),
    };
    console.table(rows);
    console.table({
      overall: {
        cases: CASES,
        concurrency: CONCURRENCY,
        "submit s": +submitted.seconds.toFixed(2),
        "submits/s": +(CASES / submitted.seconds).toFixed(0),
        transitions: all.length,
        "transitions s": +seconds.toFixed(2),
        "transitions/s": +(all.length / seconds).toFixed(0),
        "node CPU ms/transition": +((cpu.user + cpu.system) / 1000 / all.length).toFixed(2),
        "machine busy %": machine0 && machine1 ? +machine1.busyPercent(machine0).toFixed(0) : "n/a",
      },
    });
  } finally {
    await orm.close();
    if (OWN_DB) await admin(`drop database if exists "${dbName}" with (force)`);
  }
}

await main();
