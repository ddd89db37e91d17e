/**
 * The server of a browser-journey run, started by global-setup.ts as a child process
 * (`node --import tsx e2e/support/serve.ts`). It is portal/server/main.ts with two differences: it listens
 * on a free port of 127.0.0.1 chosen before anything boots (the issuer URL contains the port), and it
 * serves the production build in E2E_APP_BUILD (a per-run directory, so a concurrent `npm run build`
 * in the same working tree cannot change the assets under a running journey).
 *
 * With an IPC channel (started by the harness) it seeds while the harness builds the app, waits for the
 * harness's `{ type: "build-ready" }`, and reports `{ type: "ready", baseUrl }`. It stops on SIGTERM,
 * SIGINT, or when the harness goes away.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "react-router";
import { loadEnv, logger } from "../../platform/index.ts";
import { createHttpApp } from "../../portal/server/app.ts";
import { startIdentity } from "../../portal/server/identity.ts";
import { bootRuntime } from "../../portal/server/runtime.ts";
import { seedIfEmpty } from "../../portal/server/seed-on-start.ts";
import { startWorkers } from "../../portal/server/workers.ts";

type ParentMessage = { type: "build-ready" };

function waitForBuild(): Promise<void> {
  if (!process.send) return Promise.resolve();
  return new Promise((resolve) => {
    const onMessage = (m: ParentMessage) => {
      if (m?.type !== "build-ready") return;
      process.off("message", onMessage);
      resolve();
    };
    process.on("message", onMessage);
  });
}

/** Until the server is up there is nothing to close gracefully; a harness that goes away ends the process. */
let shutdown: (reason: string) => Promise<void> = async () => process.exit(1);
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("disconnect", () => void shutdown("harness gone"));

async function main(): Promise<void> {
  const buildDir = process.env.E2E_APP_BUILD;
  if (!buildDir) throw new Error("E2E_APP_BUILD (the directory of `react-router build`'s output) is not set");
  const buildReady = waitForBuild();

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = loadEnv({ ...process.env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: baseUrl });

  const rt = await bootRuntime(env);
  await seedIfEmpty(rt);
  await buildReady;

  const serverEntry = path.join(buildDir, "server/index.js");
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: the app build failed`);
  const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
  const identity = await startIdentity(rt);
  const app = createHttpApp(rt, { mode: "build", build, clientDir: path.join(buildDir, "client") }, identity);
  server.on("request", app);
  const stopWorkers = await startWorkers(rt);
  logger.info({ url: baseUrl }, "e2e server ready");
  process.send?.({ type: "ready", baseUrl });

  let stopping = false;
  shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "e2e server stopping");
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopWorkers().catch((e) => logger.warn({ err: String(e) }, "stopping workers failed"));
    identity.stop();
    await rt.close();
    process.exit(0);
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
