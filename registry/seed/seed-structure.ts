import { readFile } from "node:fs/promises";
import { WorkCalendarDay } from "../calendar/calendar.entity.ts";
import { importWorkCalendar } from "../calendar/calendar-store.ts";
import { publishServiceItem } from "../catalog/publish-service-item.ts";
import { publishChain } from "../chains/publish-chain.ts";
import type { Ctx } from "../context.ts";
import { Enterprise, EnterpriseMember } from "../enterprises/enterprise.entity.ts";
import { grantMember } from "../enterprises/members.ts";
import { registerEnterprise } from "../enterprises/register-enterprise.ts";
import { assignStaff } from "../org/assign-staff.ts";
import { createDepartment, createRegion, createServiceCenter, createWindow } from "../org/create-org.ts";
import { Department, Region, ServiceCenter, Staff, Window } from "../org/org.entity.ts";
import { Person } from "../persons/person.entity.ts";
import { registerPerson } from "../persons/register-person.ts";
import type { SeedData } from "./seed-data.ts";

/** Counts of what one seeding run created (0 everywhere on a second run). */
export interface SeedReport {
  calendarDays: number;
  regions: number;
  departments: number;
  centers: number;
  windows: number;
  persons: number;
  enterprises: number;
  members: number;
  staff: number;
  itemVersions: number;
  chainVersions: number;
  historicalCases: number;
  results: number;
  /** Demo cases whose generated form the item's schema refused (should be 0). */
  skippedCases?: number;
  /** Historical cases the flow runtime refused to move further (left where they stood). */
  stoppedCases?: number;
}

const CALENDAR_CSV = new URL("../calendar/data/work-calendar-cn.csv", import.meta.url);

/**
 * Creates the demo city's organisation, people, enterprises and catalog through the registry's use
 * cases, skipping whatever already exists. Returns the person ids by seed key.
 */
export async function seedStructure(
  ctx: Ctx,
  data: SeedData,
  report: SeedReport,
): Promise<Map<string, string>> {
  const { em } = ctx;
  const daysBefore = await em.count(WorkCalendarDay);
  await importWorkCalendar(ctx, await readFile(CALENDAR_CSV, "utf8"));
  report.calendarDays = (await em.count(WorkCalendarDay)) - daysBefore;

  // Parents before children: the data lists cities first, then towns, then villages.
  for (const r of data.regions) {
    if (await em.count(Region, { code: r.code })) continue;
    await createRegion(ctx, r);
    report.regions++;
  }
  for (const d of data.departments) {
    if (await em.count(Department, { code: d.code })) continue;
    await createDepartment(ctx, d);
    report.departments++;
  }
  for (const c of data.centers) {
    if (await em.count(ServiceCenter, { code: c.code })) continue;
    await createServiceCenter(ctx, c);
    report.centers++;
  }
  for (const w of data.windows) {
    if (await em.count(Window, { code: w.code })) continue;
    await createWindow(ctx, w);
    report.windows++;
  }

  const personIds = new Map<string, string>();
  for (const p of data.persons) {
    const existing = await em.findOne(Person, { idNumberHash: ctx.pii.blindIndex(p.idNumber, "id") });
    if (existing) {
      personIds.set(p.key, existing.id);
      continue;
    }
    const view = await registerPerson(ctx, { ...p, phone: p.phone });
    personIds.set(p.key, view.id);
    report.persons++;
  }
  const pid = (key: string) => {
    const id = personIds.get(key);
    if (!id) throw new Error(`seed: unknown person key ${key}`);
    return id;
  };

  for (const e of data.enterprises) {
    let ent = await em.findOne(Enterprise, { uscc: e.uscc });
    if (!ent) {
      const view = await registerEnterprise(ctx, { ...e, legalRepPersonId: pid(e.legalRepKey) });
      ent = await em.findOneOrFail(Enterprise, { id: view.id });
      report.enterprises++;
    }
    for (const m of e.members) {
      if (m.role === "legal_rep") continue; // registered with the enterprise
      if (await em.count(EnterpriseMember, { enterprise: ent, person: pid(m.personKey) })) continue;
      await grantMember(ctx, {
        enterpriseId: ent.id,
        personId: pid(m.personKey),
        role: m.role,
        scope: m.scope,
        validFrom: m.validFrom,
        validTo: m.validTo,
      });
      report.members++;
    }
  }

  for (const s of data.staff) {
    if (await em.count(Staff, { person: pid(s.personKey), department: { code: s.departmentCode } })) continue;
    await assignStaff(ctx, {
      personId: pid(s.personKey),
      departmentCode: s.departmentCode,
      roles: s.roles,
      windowCode: s.windowCode,
    });
    report.staff++;
  }
  for (const item of data.serviceItems) {
    const r = await publishServiceItem(ctx, item);
    if (r.changed) report.itemVersions++;
  }
  for (const chain of data.chains) {
    const r = await publishChain(ctx, chain);
    if (r.changed) report.chainVersions++;
  }
  return personIds;
}
