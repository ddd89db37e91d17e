import type { Server } from "node:http";
import { EnvError, loadEnv, logger, RedisUnavailableError } from "../../platform/index.ts";
import { createHttpApp } from "./app.ts";
import { loadAppSource } from "./app-source.ts";
import { startIdentity } from "./identity.ts";
import { bootRuntime } from "./runtime.ts";
import { seedIfEmpty } from "./seed-on-start.ts";
import { startWorkers } from "./workers.ts";

/**
 * The one process entry. ROLE=all (default) serves HTTP and runs the workers; ROLE=web or ROLE=worker
 * runs one side so each can scale out separately.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const rt = await bootRuntime(env);
  if (env.SEED_DEMO) await seedIfEmpty(rt);

  const stops: (() => Promise<void>)[] = [];
  let server: Server | null = null;
  if (env.ROLE !== "worker") {
    const source = await loadAppSource(env.NODE_ENV === "development" ? "vite" : "build");
    stops.push(source.close);
    const identity = env.OIDC_ISSUER ? undefined : await startIdentity(rt);
    if (identity) stops.push(async () => identity.stop());
    const app = createHttpApp(rt, source, identity);
    server = app.listen(env.PORT, env.HOST, () => {
      logger.info({ url: `http://localhost:${env.PORT}`, role: env.ROLE }, "Tongban is serving");
      console.log(`Tongban 通办 is serving on http://localhost:${env.PORT}`);
    });
  }
  if (env.ROLE !== "web") stops.push(await startWorkers(rt));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const stop of stops.reverse())
      await stop().catch((e) => logger.warn({ err: String(e) }, "stop failed"));
    await rt.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e) => {
  if (e instanceof EnvError || e instanceof RedisUnavailableError) {
    console.error(`\n${e.message}\n`);
  } else {
    logger.fatal({ err: e instanceof Error ? e.stack : String(e) }, "failed to start");
    console.error(e);
  }
  process.exit(1);
});
