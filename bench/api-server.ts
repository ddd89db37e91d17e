/**
 * The server side of `npm run bench:api`, forked by bench/api-throughput.ts so that autocannon does not share
 * its event loop. It boots the runtime and the built-in identity service exactly as portal/server/main.ts does
 * (bootRuntime, startIdentity) and mounts `/oidc` and `/api/v1` as portal/server/app.ts does; the pages, the
 * request log line and the workers are left out. The environment comes from the parent. The per-client rate
 * limit is raised to BENCH_RATE_LIMIT requests/min, but the Redis limiter still runs on every request.
 *
 * The parent drives it over IPC: `cpu` (process.cpuUsage), `profile-start`, `profile-stop` (writes the CPU
 * profile to `file`), `close`.
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import express from "express";
import { loadEnv } from "../platform/index.ts";
import { createApiRouter } from "../portal/server/api/router.ts";
import { startIdentity } from "../portal/server/identity.ts";
import { bootRuntime } from "../portal/server/runtime.ts";

type Message = { id: number; op: "cpu" | "profile-start" | "profile-stop" | "close"; file?: string };

const rt = await bootRuntime(loadEnv());
const identity = await startIdentity(rt);
const points = Number(process.env.BENCH_RATE_LIMIT ?? 600);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");
app.use("/oidc", identity.middleware);
app.use("/api/v1", createApiRouter(rt, identity, { rateLimit: { points, durationSeconds: 60 } }));
const server = app.listen(rt.env.PORT, "127.0.0.1", () => process.send?.({ ready: true }));

let profiler: Session | null = null;
process.on("message", async (m: Message) => {
  const reply = (body: Record<string, unknown> = {}) => process.send?.({ id: m.id, ...body });
  try {
    if (m.op === "cpu") return reply({ cpu: process.cpuUsage() });
    if (m.op === "profile-start") {
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
      return reply();
    }
    if (m.op === "profile-stop" && profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      await writeFile(m.file!, JSON.stringify(profile));
      profiler.disconnect();
      profiler = null;
      return reply();
    }
    if (m.op === "close") {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      identity.stop();
      await rt.close();
      reply();
      process.disconnect();
    }
  } catch (e) {
    reply({ error: e instanceof Error ? e.stack : String(e) });
  }
});
