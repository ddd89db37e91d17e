import type { Ctx } from "../context.ts";
import { demoCity, type SeedData } from "./seed-data.ts";
import { type SeedCaseActionRunner, seedHistory } from "./seed-history.ts";
import { type SeedReport, seedStructure } from "./seed-structure.ts";

/**
 * Seeds the demo city 云港市: calendar, regions, departments, centers, windows, people, enterprises with
 * their members, staff, the catalog, and a history of cases and results. Idempotent: a second run
 * creates nothing. Runs in one transaction, so a failure leaves nothing half-seeded. The history's cases are
 * handled through `runCaseAction` (chain's performCaseAction), so they are exactly what live handling makes.
 */
export async function seedDemoCity(
  ctx: Ctx,
  opts: { data?: SeedData; historicalCases?: number; runCaseAction: SeedCaseActionRunner },
): Promise<SeedReport> {
  const data = opts.data ?? demoCity;
  const report: SeedReport = {
    calendarDays: 0,
    regions: 0,
    departments: 0,
    centers: 0,
    windows: 0,
    persons: 0,
    enterprises: 0,
    members: 0,
    staff: 0,
    itemVersions: 0,
    chainVersions: 0,
    historicalCases: 0,
    results: 0,
  };
  await ctx.em.transactional(async (em) => {
    const tctx = { ...ctx, em };
    const personIds = await seedStructure(tctx, data, report);
    await seedHistory(tctx, data, personIds, report, opts.historicalCases ?? 360, opts.runCaseAction);
  });
  return report;
}
