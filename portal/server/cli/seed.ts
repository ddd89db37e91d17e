import { runCaseAction } from "../../../chain/index.ts";
import { loadEnv } from "../../../platform/index.ts";
import { SYSTEM, seedDemoCity } from "../../../registry/index.ts";
import { bootRuntime } from "../runtime.ts";
import { seedDemoCredentials } from "../seed-on-start.ts";

/** `npm run db:seed`: seeds (or tops up) the demo city; safe to run again. */
async function main() {
  const rt = await bootRuntime(loadEnv());
  try {
    const started = Date.now();
    const report = await seedDemoCity(
      {
        em: rt.orm.em.fork(),
        actor: SYSTEM,
        now: rt.clock.now(),
        pii: rt.pii,
        storage: rt.storage,
      },
      { runCaseAction },
    );
    console.table({ ...report, demoPasswords: await seedDemoCredentials(rt) });
    console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await rt.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
