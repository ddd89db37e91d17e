import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "react-router";
import type { AppSource } from "./app.ts";
import { REPO_ROOT } from "./runtime.ts";

/**
 * Production serves the output of `react-router build`; development (and tests) compile on demand
 * through Vite's middleware, so no build step is needed there.
 */
export async function loadAppSource(mode: "build" | "vite"): Promise<AppSource & { close(): Promise<void> }> {
  if (mode === "build") {
    const serverEntry = path.join(REPO_ROOT, "build/server/index.js");
    if (!existsSync(serverEntry))
      throw new Error("build/server/index.js is missing: run `npm run build` first");
    const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
    return { mode, build, clientDir: path.join(REPO_ROOT, "build/client"), close: async () => {} };
  }
  const { createServer } = await import("vite");
  const vite = await createServer({
    root: REPO_ROOT,
    server: { middlewareMode: true },
    appType: "custom",
    logLevel: "warn",
  });
  return {
    mode,
    middlewares: vite.middlewares,
    load: () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
    close: () => vite.close(),
  };
}
