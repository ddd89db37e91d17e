// Test helpers of the business-chain runtime: the demo city's structure and chains in a database of their own,
// applicants with stored materials, staff per department, and cases driven through their flows.
import {
  type Actor,
  type Ctx,
  loadCaseForFlow,
  loadCurrentChain,
  registerEnterprise,
  registerPerson,
  seedDemoCity,
  toChinaDate,
} from "../../../registry/index.ts";
import { fillForm, prng } from "../../../registry/seed/form-filler.ts";
import { freshIdNumber, freshPhone, freshUscc, unique } from "../../../registry/testing/factories.ts";
import { isolatedDatabase } from "../../../registry/testing/isolated-database.ts";
import { performCaseAction, runCaseAction } from "../perform-case-action.ts";
import { forgetWorkCalendar } from "../work-calendar-cache.ts";

/** China 10:00 on a date. */
export const at = (date: string, hour = 10) =>
  new Date(`${date}T${String(hour - 8).padStart(2, "0")}:00:00Z`);

export type ChainWorld = Awaited<ReturnType<typeof chainWorld>>;

/** The demo city (structure, catalog and chains; no history) in its own database. */
export async function chainWorld(name: string) {
  const db = await isolatedDatabase(name);
  await seedDemoCity(db.ctx(), { historicalCases: 0, runCaseAction });
  forgetWorkCalendar();
  const sql = async <T = Record<string, unknown>>(q: string, params: unknown[] = []): Promise<T[]> =>
    db.orm.em.fork().getConnection().execute(q, params, "all");
  const staffByDept = new Map<string, Actor>();
  const person = async (name: string) =>
    (
      await registerPerson(db.ctx(), {
        name,
        idNumber: freshIdNumber(),
        phone: freshPhone(),
        address: "云港市港城区测试路 1 号",
        realNameLevel: 2,
      })
    ).id;

  /** A member of a department's staff holding every handling role. */
  async function staffOf(departmentId: string): Promise<Actor> {
    const known = staffByDept.get(departmentId);
    if (known) return known;
    const id = await person("测试审批人员");
    const actor: Actor = {
      type: "person",
      personId: id,
      name: "测试审批人员",
      staff: { departmentId, roles: ["clerk", "reviewer", "approver"] },
    };
    staffByDept.set(departmentId, actor);
    return actor;
  }

  /** A new person with stored materials for the given requirement codes; returns the actor and material ids. */
  async function applicant(name: string, requirementCodes: string[]) {
    const id = await person(name);
    const materials: Record<string, string> = {};
    for (const code of requirementCodes) {
      const mid = crypto.randomUUID();
      await sql(
        `insert into material (id, lineage_id, version, owner_type, owner_person_id, requirement_code, title,
           object_key, sha256, size, mime_type, trust_level, uploaded_by_id, created_at)
         values (?, gen_random_uuid(), 1, 'person', ?, ?, ?, 'demo/sample.pdf', repeat('a', 64), 100,
                 'application/pdf', 'C', ?, now())`,
        [mid, id, code, `材料 ${code}`, id],
      );
      materials[code] = mid;
    }
    const actor: Actor = { type: "person", personId: id, name };
    return { personId: id, actor, materials };
  }

  /**
   * Moves a case along its item's flow to its end, as its department would: 受理, each review passed, 决定
   * (approved unless `approve` is false) and 办结 — or stops before 办结 with `until` "decided". Returns the
   * outcome of the last action (its version is the next action's expected version).
   */
  async function drive(caseId: string, now: Date, approve = true, until: "decided" | "end" = "end") {
    const c = await loadCaseForFlow(db.orm.em.fork(), caseId);
    const staff = await staffOf(c.departmentId);
    const ctx: Ctx = { ...db.ctx(staff, now) };
    let version = c.version;
    const act = async (action: { type: string } & Record<string, unknown>) => {
      const out = await performCaseAction(
        { ...ctx, em: db.orm.em.fork() },
        {
          caseId,
          action: action as never,
          expectedVersion: version,
        },
      );
      version = out.version;
      return out;
    };
    await act({ type: "accept" });
    const steps = c.itemDefinition.flowTemplate.steps;
    const hasDecide = steps.some((s) => s.code === "decide");
    for (let i = 1; i < steps.length; i++) {
      const st = steps[i];
      if (st.code === "decide" || (st.code === "conclude" && !hasDecide)) {
        const decided = await act({
          type: "decide",
          approve,
          reasons: approve ? "符合法定条件，准予许可" : "经现场核查，验收资料与实际不符，不予通过",
        });
        return until === "decided" ? decided : act({ type: "conclude" });
      }
      await act({ type: "review", pass: true, opinion: "材料齐全，符合法定条件" });
    }
    throw new Error(`flow of ${c.itemCode} has no decide or conclude step`);
  }

  /**
   * An enterprise (its legal representative acting) holding stored materials for the given requirement codes.
   */
  async function enterpriseApplicant(name: string, requirementCodes: string[]) {
    const repId = await person("李建国");
    const uscc = freshUscc();
    const ent = await registerEnterprise(db.ctx(), {
      uscc,
      name,
      type: "有限责任公司",
      legalRepPersonId: repId,
      address: "云港市港城区港湾大道 66 号",
      registeredCapitalYuan: 5_000_000,
      businessScope: "房地产开发经营",
      establishedOn: "2020-05-18",
      status: "active",
    });
    const materials: Record<string, string> = {};
    for (const code of requirementCodes) {
      const mid = crypto.randomUUID();
      await sql(
        `insert into material (id, lineage_id, version, owner_type, owner_enterprise_id, requirement_code, title,
           object_key, sha256, size, mime_type, trust_level, uploaded_by_id, created_at)
         values (?, gen_random_uuid(), 1, 'enterprise', ?, ?, ?, 'demo/sample.pdf', repeat('b', 64), 100,
                 'application/pdf', 'C', ?, now())`,
        [mid, ent.id, code, `材料 ${code}`, repId],
      );
      materials[code] = mid;
    }
    const actor: Actor = {
      type: "person",
      personId: repId,
      name: "李建国",
      actingFor: { enterpriseId: ent.id, role: "legal_rep" },
    };
    return { personId: repId, enterpriseId: ent.id, uscc, actor, materials };
  }

  /** A valid application for a chain from an enterprise applicant: filled combined form, required materials. */
  async function enterpriseApplication(chainCode: string, name: string, onDate: string) {
    const { definition: def } = await loadCurrentChain(db.orm.em.fork(), chainCode);
    const required = def.materials.filter((m) => m.required).map((m) => m.code);
    const who = await enterpriseApplicant(name, required);
    const formData = fillForm(
      def.formSchema,
      {
        personName: "李建国",
        idNumber: freshIdNumber(),
        phone: freshPhone(),
        address: "云港市港城区港湾大道 66 号",
        enterprise: {
          name,
          uscc: who.uscc,
          legalRepName: "李建国",
          address: "云港市港城区港湾大道 66 号",
          type: "有限责任公司",
        },
      },
      prng(unique()),
      onDate,
    );
    return {
      who,
      input: {
        chainCode,
        applicant: { type: "enterprise" as const, enterpriseId: who.enterpriseId },
        formData,
        materials: required.map((code) => ({ requirementCode: code, materialId: who.materials[code] })),
      },
    };
  }

  return {
    ...db,
    enterpriseApplication,
    sql,
    staffOf,
    applicant,
    drive,
    chain: (code: string) => loadCurrentChain(db.orm.em.fork(), code),
    today: (now: Date) => toChinaDate(now),
  };
}
