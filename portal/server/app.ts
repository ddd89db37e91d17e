import { createRequestHandler } from "@react-router/express";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerBuild } from "react-router";
import {
  contentDisposition,
  logger,
  pingDatabase,
  pingRedis,
  verifyDownloadToken,
} from "../../platform/index.ts";
import { createApiRouter } from "./api/router.ts";
import { createAuthContext } from "./auth/auth-context.ts";
import { createRpRouter } from "./auth/rp-routes.ts";
import type { IdentityService } from "./identity.ts";
import { sendProblem } from "./problem.ts";
import type { Runtime } from "./runtime.ts";
import { createPortalServices } from "./services.ts";

/** How the React Router app is provided: a production build, or Vite's dev middleware. */
export type AppSource =
  | { mode: "build"; build: ServerBuild; clientDir: string }
  | { mode: "vite"; middlewares: express.RequestHandler; load: () => Promise<ServerBuild> };

/** The HTTP application: health checks, signed file downloads, and the portal pages. */
export function createHttpApp(rt: Runtime, source: AppSource, identity?: IdentityService): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (req.path.startsWith("/assets/")) return;
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, "http");
    });
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    const [database, redis] = await Promise.all([pingDatabase(rt.orm), pingRedis(rt.redis)]);
    const ok = database && redis;
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "not_ready", checks: { database, redis } });
  });

  // Short-lived signed downloads of the local object store (S3 hands out its own presigned URLs).
  app.get("/files/:token", async (req, res) => {
    try {
      const grant = verifyDownloadToken(rt.appSecret, String(req.params.token), new Date());
      const stat = await rt.storage.stat(grant.key);
      if (!stat) {
        res.status(404).type("text/plain").send("文件不存在");
        return;
      }
      res.setHeader("Content-Type", stat.contentType);
      res.setHeader("Content-Length", String(stat.size));
      res.setHeader("Cache-Control", "private, no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
      if (grant.filename) res.setHeader("Content-Disposition", contentDisposition(grant.filename));
      const body = await rt.storage.get(grant.key);
      body.on("error", () => res.destroy());
      body.pipe(res);
    } catch (e) {
      sendProblem(res, e, req.path);
    }
  });

  // The built-in identity service (absent when OIDC_ISSUER points at an external one).
  if (identity) app.use("/oidc", identity.middleware);
  // The department interface (issue 7 §1); JSON only, never handed to the page router.
  app.use("/api/v1", createApiRouter(rt, identity));

  const auth = createAuthContext(rt, identity);
  app.use("/auth", createRpRouter(rt, auth));
  const getLoadContext = (req: Request, res: Response) => ({
    services: createPortalServices(rt, auth, req, res),
  });
  if (source.mode === "build") {
    app.use("/assets", express.static(`${source.clientDir}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(source.clientDir, { maxAge: "1h", index: false }));
    app.all("/{*splat}", createRequestHandler({ build: source.build, getLoadContext }));
  } else {
    app.use(source.middlewares);
    app.all("/{*splat}", async (req, res, next) => {
      try {
        const build = await source.load();
        await createRequestHandler({ build, getLoadContext })(req, res, next);
      } catch (e) {
        next(e);
      }
    });
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: err instanceof Error ? err.stack : String(err), path: req.path }, "unhandled error");
    if (!res.headersSent) sendProblem(res, err, req.path);
  });
  return app;
}
