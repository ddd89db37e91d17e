import { logger } from "../../platform/index.ts";
import { listDepartments, SYSTEM, seedDemoCity } from "../../registry/index.ts";
import type { Runtime } from "./runtime.ts";

/** Seeds the demo city into an empty database (one without departments); anything else is left alone. */
export async function seedIfEmpty(rt: Runtime): Promise<void> {
  const ctx = { em: rt.orm.em.fork(), actor: SYSTEM, now: new Date(), pii: rt.pii, storage: rt.storage };
  if ((await listDepartments(ctx)).length > 0) return;
  logger.info("empty database: seeding the demo city 云港市");
  const report = await seedDemoCity(ctx);
  logger.info({ report }, "demo city seeded");
}
