import { runCaseAction } from "../../chain/index.ts";
import { seedDemoPasswords } from "../../identity/index.ts";
import { logger } from "../../platform/index.ts";
import { listDepartments, SYSTEM, seedDemoCity } from "../../registry/index.ts";
import type { Runtime } from "./runtime.ts";

/** The password of every demo account (README lists the accounts). */
export const DEMO_PASSWORD = "Demo#2026";

/** Seeds the demo city into an empty database (one without departments); anything else is left alone. */
export async function seedIfEmpty(rt: Runtime): Promise<void> {
  const ctx = { em: rt.orm.em.fork(), actor: SYSTEM, now: rt.clock.now(), pii: rt.pii, storage: rt.storage };
  if ((await listDepartments(ctx)).length > 0) return;
  logger.info("empty database: seeding the demo city 云港市");
  const report = await seedDemoCity(ctx, { runCaseAction });
  const passwords = await seedDemoCredentials(rt);
  logger.info({ report, passwords }, "demo city seeded");
}

/** Gives every person without a password the demo password; only for demo databases. */
export async function seedDemoCredentials(rt: Runtime): Promise<number> {
  const rows: { id: string }[] = await rt.orm.em.getConnection().execute("select id from person");
  return seedDemoPasswords(
    { orm: rt.orm },
    rows.map((r) => r.id),
    DEMO_PASSWORD,
  );
}
