import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { isDomainError, logger } from "../../platform/index.ts";
import { AuditLog } from "../audit/audit.entity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { loadWorkCalendar } from "../calendar/calendar-store.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import type { TSubmitCaseInput } from "../cases/case.schema.ts";
import { submitCase } from "../cases/submit-case.ts";
import type { Actor, Ctx } from "../context.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Material } from "../materials/material.entity.ts";
import { Staff } from "../org/org.entity.ts";
import { Person } from "../persons/person.entity.ts";
import { Result } from "../results/result.entity.ts";
import { fillForm, prng } from "./form-filler.ts";
import type { SeedData } from "./seed-data.ts";
import type { SeedReport } from "./seed-structure.ts";

const MARKER = "seed.demo.history";
const SAMPLE_KEY = "demo/sample-material.pdf";

/** A one-page PDF that stands in for every demo applicant's uploaded material. */
function samplePdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  );
}

/** The instant of a China-time hour on a calendar date. */
function at(date: string, hour: number, minute = 0): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, hour - 8, minute));
}

/**
 * Several hundred past cases, in date order so that results issued early (business licences) are
 * reused by later applications. Written once: a marker row makes a second run a no-op.
 */
export async function seedHistory(
  ctx: Ctx,
  data: SeedData,
  personIds: Map<string, string>,
  report: SeedReport,
  count: number,
  run: SeedCaseActionRunner,
): Promise<void> {
  const { em } = ctx;
  if (await em.count(AuditLog, { action: MARKER })) return;
  const cal = await loadWorkCalendar(em);
  const rnd = prng(20261122);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

  const pdf = samplePdf();
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  if (ctx.storage && !(await ctx.storage.stat(SAMPLE_KEY)))
    await ctx.storage.put(SAMPLE_KEY, pdf, { contentType: "application/pdf" });

  // Staff actors per department and role, so events name real people.
  const staffRows = (await em.find(Staff, { active: true }, { populate: ["person", "department"] })).map(
    (r) => ({
      code: r.department.unwrap().code,
      roles: [...r.roles],
      actor: {
        type: "person",
        personId: r.person.id,
        name: r.person.unwrap().name,
        staff: { departmentId: r.department.id, roles: [...r.roles] },
      } satisfies Actor,
    }),
  );
  const staffOf = (deptCode: string, role: string): Actor =>
    staffRows.find((r) => r.code === deptCode && r.roles.includes(role))?.actor ?? {
      type: "system",
      name: "系统",
    };

  const staffKeys = new Set(data.staff.map((s) => s.personKey));
  // Plain copies: the identity map is cleared after every case to keep flushes fast.
  const individuals = (
    await em.find(Person, {
      id: { $in: data.persons.filter((p) => !staffKeys.has(p.key)).map((p) => personIds.get(p.key)!) },
    })
  ).map((p) => ({ id: p.id, name: p.name, address: p.address }));
  const idNumberOf = new Map(data.persons.map((p) => [personIds.get(p.key)!, p]));
  const companies = (
    await em.find(
      Enterprise,
      { status: "active", uscc: { $in: data.enterprises.map((e) => e.uscc) } },
      { populate: ["legalRep"] },
    )
  ).map((e) => ({
    id: e.id,
    name: e.name,
    uscc: e.uscc,
    address: e.address,
    type: e.type,
    legalRep: { id: e.legalRep.id, name: e.legalRep.unwrap().name, address: e.legalRep.unwrap().address },
  }));

  // Submission days: working days in the 280 days before yesterday, never before the calendar starts.
  const end = cal.addWorkingDays(toChinaDate(ctx.now), 0);
  const days: string[] = [];
  for (let i = 280; i >= 1; i--) {
    const d = new Date(Date.parse(`${end}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10);
    if (cal.covers(d) && cal.isWorkingDay(d)) days.push(d);
  }
  const materialCache = new Map<string, string>();

  for (let i = 0; i < count; i++) {
    const day = days[Math.floor((i / count) * days.length)];
    const item = pick(data.serviceItems);
    const asEnterprise =
      item.subjectTypes.includes("enterprise") && (!item.subjectTypes.includes("person") || rnd() < 0.6);
    const company = asEnterprise ? pick(companies) : null;
    const person = company ? company.legalRep : pick(individuals);
    const seedPerson = idNumberOf.get(person.id);
    if (!seedPerson) continue;
    const submittedAt = at(day, 9 + Math.floor(rnd() * 8), Math.floor(rnd() * 60));
    const ownerKey = company ? `e:${company.id}` : `p:${person.id}`;

    const materials: TSubmitCaseInput["materials"] = [];
    for (const req of item.materials) {
      if (!req.required && rnd() < 0.5) continue;
      const reusable = req.acceptedResultTypes?.length
        ? await em.findOne(Result, {
            ...(company ? { holderEnterprise: company.id } : { holderPerson: person.id }),
            resultTypeCode: { $in: req.acceptedResultTypes },
            status: "valid",
          })
        : null;
      if (reusable) {
        materials.push({ requirementCode: req.code, resultId: reusable.id, consent: true });
        continue;
      }
      const cacheKey = `${ownerKey}:${req.code}`;
      let materialId = materialCache.get(cacheKey);
      if (!materialId) {
        materialId = crypto.randomUUID();
        em.create(Material, {
          id: materialId,
          lineageId: crypto.randomUUID(),
          version: 1,
          ownerType: company ? "enterprise" : "person",
          ownerPerson: company ? null : em.getReference(Person, person.id),
          ownerEnterprise: company ? em.getReference(Enterprise, company.id) : null,
          requirementCode: req.code,
          title: req.name,
          objectKey: SAMPLE_KEY,
          sha256,
          size: pdf.length,
          mimeType: "application/pdf",
          validUntil: null,
          trustLevel: "C",
          uploadedBy: em.getReference(Person, person.id),
          supersededAt: null,
          deletedAt: null,
          createdAt: submittedAt,
        });
        await em.flush();
        materialCache.set(cacheKey, materialId);
      }
      materials.push({ requirementCode: req.code, materialId });
    }

    const subject = {
      personName: person.name,
      idNumber: seedPerson.idNumber,
      phone: seedPerson.phone,
      address: person.address,
      enterprise: company
        ? {
            name: company.name,
            uscc: company.uscc,
            legalRepName: person.name,
            address: company.address,
            type: company.type,
          }
        : undefined,
    };
    let caseId: string;
    try {
      const view = await submitCase(
        { ...ctx, actor: { type: "system", name: "网上办事大厅" }, now: submittedAt },
        {
          itemCode: item.code,
          applicant: company ? { type: "enterprise", enterpriseId: company.id } : { type: "person" },
          applicantPersonId: person.id,
          channel: rnd() < 0.7 ? "online" : "window",
          formData: fillForm(item.formSchema, subject, rnd, day),
          materials,
        },
      );
      caseId = view.id;
    } catch (e) {
      if (isDomainError(e)) {
        report.skippedCases = (report.skippedCases ?? 0) + 1;
        logger.debug({ item: item.code, problem: e.message, details: e.details }, "demo case skipped");
        continue;
      }
      throw e;
    }
    report.historicalCases++;
    await progress(ctx, caseId, item, day, { rnd, cal, staffOf, report, run });
    em.clear();
  }
  recordAudit(
    em,
    ctx.actor,
    ctx.now,
    MARKER,
    { type: "seed", id: "demo" },
    { cases: report.historicalCases },
  );
  await em.flush();
}

/**
 * Runs one flow action on a case, as the case-handling runtime does (chain's performCaseAction, handed in by
 * the caller: the registries cannot depend on the flow engine). Returns the case's new version.
 */
export type SeedCaseActionRunner = (
  ctx: Ctx,
  input: { caseId: string; action: { type: string } & Record<string, unknown>; expectedVersion: number },
) => Promise<{ version: number }>;

/** A deadline, or null when it falls in a year whose holiday notice is not in the calendar yet. */
function deadline(cal: ProgressDeps["cal"], from: string, days: number): string | null {
  try {
    return cal.addWorkingDays(from, days);
  } catch {
    return null;
  }
}

type ProgressDeps = {
  rnd: () => number;
  cal: Awaited<ReturnType<typeof loadWorkCalendar>>;
  staffOf: (dept: string, role: string) => Actor;
  report: SeedReport;
  run: SeedCaseActionRunner;
};

/**
 * Moves a demo case along its item's flow (受理 → 审查 … → 决定 → 办结) the way the department would have, at
 * the times it would have, through the real flow runtime: snapshots, deadlines, hash-chained events and
 * results are exactly what live handling produces. Recent cases stop part-way, so queues are not empty. An
 * action the runtime refuses (e.g. a deadline in a year whose calendar is not loaded) leaves the case there.
 */
async function progress(
  ctx: Ctx,
  caseId: string,
  item: SeedData["serviceItems"][number],
  day: string,
  d: ProgressDeps,
): Promise<void> {
  const [row] = await ctx.em
    .getConnection()
    .execute<{ version: number }[]>(
      "select version from case_file where id = ?",
      [caseId],
      "all",
      ctx.em.getTransactionContext(),
    );
  let version = row!.version;
  const dept = item.departmentCode;
  const act = async (role: string, when: Date, action: { type: string } & Record<string, unknown>) => {
    const out = await d.run(
      { ...ctx, actor: d.staffOf(dept, role), now: when },
      { caseId, action, expectedVersion: version },
    );
    version = out.version;
  };
  const steps = item.flowTemplate.steps;
  const today = toChinaDate(ctx.now);
  const recent = d.cal.workingDaysBetween(day, today) <= 6;
  try {
    if (d.rnd() < 0.04) {
      await act(steps[0]!.role, at(day, 17, 10), {
        type: "refuse",
        reason: "申请事项依法不属于本机关职权范围",
        legalBasis: "《中华人民共和国行政许可法》第三十二条第一款第（二）项",
      });
      return;
    }
    const acceptDay = d.rnd() < 0.6 ? day : d.cal.nextWorkingDay(day);
    if (acceptDay >= today || (recent && d.rnd() < 0.3)) return; // 待受理
    await act(steps[0]!.role, at(acceptDay, acceptDay === day ? 17 : 10, 20), { type: "accept" });
    if (recent && d.rnd() < 0.5) return; // 审查中
    // Most cases finish within the promised time; a few run over, which supervision will show.
    const overdue = d.rnd() < 0.05;
    const used =
      item.promisedDays === 0 ? 0 : Math.max(1, Math.round(item.promisedDays * (0.3 + d.rnd() * 0.6)));
    const doneDay = deadline(
      d.cal,
      acceptDay,
      overdue ? item.promisedDays + 1 + Math.floor(d.rnd() * 2) : used,
    );
    if (!doneDay || doneDay >= today) return;
    const approved = d.rnd() < 0.94;
    const hasDecide = steps.some((st) => st.code === "decide");
    for (let i = 1, minute = 5; i < steps.length; i++, minute += 10) {
      const st = steps[i]!;
      if (st.code === "decide" || (st.code === "conclude" && !hasDecide)) {
        await act(st.role, at(doneDay, 14, 30), {
          type: "decide",
          approve: approved,
          reasons: approved ? "经审查，符合法定条件和标准，准予许可" : "经审查，不符合法定条件，不予许可",
        });
        const concluder = steps.find((x) => x.code === "conclude") ?? st;
        await act(concluder.role, at(doneDay, 16, 0), { type: "conclude" });
        if (approved && item.resultType) d.report.results++;
        return;
      }
      await act(st.role, at(doneDay, 10, minute), {
        type: "review",
        pass: true,
        opinion: "材料齐全，符合法定条件",
      });
    }
  } catch (e) {
    if (!isDomainError(e)) throw e;
    d.report.stoppedCases = (d.report.stoppedCases ?? 0) + 1;
    logger.debug({ item: item.code, caseId, problem: e.message }, "demo case stopped part-way");
  }
}
