import { createHash } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import {
  findDepartmentCaseId,
  getWorkbenchCase,
  listDepartmentCases,
  performWorkbenchAction,
} from "../../../chain/index.ts";
import { DomainError, logger } from "../../../platform/index.ts";
import {
  answerIdempotent,
  beginIdempotent,
  createWebhookSubscription,
  deleteWebhookSubscription,
  findEnterpriseByUscc,
  getWebhookSubscription,
  issueDepartmentResult,
  listWebhookSubscriptions,
  lookupPersonForDepartment,
  requestHash,
  shareResultsOfHolder,
  type WebhookSubscriptionView,
} from "../../../registry/index.ts";
import type { IdentityService } from "../identity.ts";
import { problemOf } from "../problem.ts";
import type { Runtime } from "../runtime.ts";
import {
  type ApiAuthOptions,
  type ApiCaller,
  createApiAuth,
  defaultVerifier,
  RateLimited,
} from "./api-auth.ts";
import { renderDocsPage } from "./docs-page.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { toCaseDetail, toEnterprise, toPerson, toResult } from "./views.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BODY = "25mb";
type Reply = { status: number; body: unknown };

/**
 * How a POST's answer is kept for idempotent replays when it carries a secret: sealed (encrypted) in the
 * stored copy, opened again for the replay, so the key table never holds a secret in clear.
 */
interface Seal {
  seal(reply: Reply): Reply;
  open(stored: Reply): Reply;
}

/** A subscription as the API shows it (the department by code only). */
function toWebhook(v: WebhookSubscriptionView) {
  return {
    id: v.id,
    departmentCode: v.departmentCode,
    url: v.url,
    eventTypes: v.eventTypes,
    active: v.active,
    secretHint: v.secretHint,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

function send(res: Response, reply: Reply, replayed = false): void {
  if (replayed) res.setHeader("Idempotent-Replayed", "true");
  res
    .status(reply.status)
    .type(reply.status >= 400 ? "application/problem+json" : "application/json")
    .send(JSON.stringify(reply.body));
}

function fail(res: Response, req: Request, err: unknown): void {
  if (err instanceof RateLimited) res.setHeader("Retry-After", String(err.retryAfterSeconds));
  const p = problemOf(err, req.originalUrl.split("?")[0]);
  // RFC 6750 §3: tell the client what is wrong with its token.
  if (p.status === 401)
    res.setHeader("WWW-Authenticate", 'Bearer realm="tongban-api", error="invalid_token"');
  if (p.status === 403)
    res.setHeader("WWW-Authenticate", 'Bearer realm="tongban-api", error="insufficient_scope"');
  if (p.status === 500) logger.error({ err: err instanceof Error ? err.stack : String(err) }, "api error");
  send(res, p);
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** A case reference: its id, or its number (resolved within the caller's department). */
async function caseIdOf(caller: ApiCaller, ref: string): Promise<string> {
  return UUID.test(ref) ? ref : findDepartmentCaseId(caller.ctx, ref);
}

type ResultParts = { metadata: string; file: Buffer };
/** Each request's parts, parsed once for the idempotency hash and the handler both. */
const parsedParts = new WeakMap<Request, Promise<ResultParts>>();

/** The `metadata` (JSON text) and `file` (the PDF) parts of a result push; missing parts are VALIDATION. */
function resultParts(req: Request, raw: Buffer): Promise<ResultParts> {
  let parts = parsedParts.get(req);
  if (!parts) {
    parts = parseResultParts(req, raw);
    parsedParts.set(req, parts);
  }
  return parts;
}

async function parseResultParts(req: Request, raw: Buffer): Promise<ResultParts> {
  const ct = str(req.headers["content-type"]) ?? "";
  if (!ct.startsWith("multipart/form-data")) {
    throw new DomainError("UNSUPPORTED_MEDIA_TYPE", "请求体须为 multipart/form-data（metadata 与 file）");
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { "content-type": ct } }).formData();
  } catch {
    throw new DomainError("VALIDATION", "无法解析 multipart 请求体", [{ path: "body", message: "格式错误" }]);
  }
  const metadata = form.get("metadata");
  const file = form.get("file");
  const details = [
    ...(typeof metadata === "string" ? [] : [{ path: "metadata", message: "必填（JSON 文本）" }]),
    ...(file instanceof Blob ? [] : [{ path: "file", message: "必填（PDF 文件）" }]),
  ];
  if (details.length) throw new DomainError("VALIDATION", "缺少 metadata 或 file", details);
  return { metadata: metadata as string, file: Buffer.from(await (file as Blob).arrayBuffer()) };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new DomainError("VALIDATION", "请求体不是有效的 JSON", [{ path: "body", message: "无效的 JSON" }]);
  }
}

/**
 * The department interface /api/v1 (issue 7 §1): JSON in and out, bearer tokens with per-endpoint scopes,
 * a per-client rate limit, and `Idempotency-Key` on every POST. Handlers only parse, call a use case and
 * map the view; authorisation and department isolation are in the use cases.
 */
export function createApiRouter(rt: Runtime, identity?: IdentityService, opts: ApiAuthOptions = {}): Router {
  const authenticate = createApiAuth(rt, opts.verifier ?? defaultVerifier(rt, identity), opts);
  const doc = buildOpenApiDocument();
  const docsHtml = renderDocsPage(doc);
  const router = express.Router();

  router.get("/openapi.json", (_req, res) => {
    res.json(doc);
  });
  router.get("/docs", (_req, res) => {
    res
      .type("text/html")
      .setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    res.send(docsHtml);
  });

  const get = (
    path: string,
    scope: string,
    handle: (caller: ApiCaller, req: Request) => Promise<unknown>,
  ) => {
    router.get(path, async (req, res) => {
      try {
        const caller = await authenticate(req, scope);
        send(res, { status: 200, body: await handle(caller, req) });
      } catch (e) {
        fail(res, req, e);
      }
    });
  };

  const post = (
    path: string,
    scope: string,
    handle: (caller: ApiCaller, req: Request, raw: Buffer) => Promise<Reply>,
    /** What "the same request" hashes; the raw body by default. */
    hashInput: (req: Request, raw: Buffer) => Promise<Buffer> = async (_req, raw) => raw,
    sealing?: Seal,
  ) => {
    router.post(path, express.raw({ type: () => true, limit: MAX_BODY }), async (req, res) => {
      try {
        const caller = await authenticate(req, scope);
        const key = str(req.headers["idempotency-key"])?.trim();
        if (!key || key.length > 255) {
          throw new DomainError("VALIDATION", "缺少 Idempotency-Key 请求头（1-255 个字符）", [
            { path: "Idempotency-Key", message: "必填" },
          ]);
        }
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const ids = { clientId: caller.clientId, key };
        const hash = requestHash("POST", req.originalUrl.split("?")[0], await hashInput(req, raw));
        const stored = await beginIdempotent(caller.ctx.em, { ...ids, hash, now: caller.ctx.now });
        if (stored) return send(res, sealing ? sealing.open(stored) : stored, true);
        const reply = await answerIdempotent(
          caller.ctx.em,
          ids,
          (em) => handle({ ...caller, ctx: { ...caller.ctx, em } }, req, raw),
          {
            refusal: (e) => {
              const p = problemOf(e, req.originalUrl.split("?")[0]);
              if (p.status === 500)
                logger.error({ err: e instanceof Error ? e.stack : String(e) }, "api error");
              return p;
            },
            seal: sealing?.seal,
          },
        );
        send(res, reply);
      } catch (e) {
        fail(res, req, e);
      }
    });
  };

  // Handlers hand raw values to the use cases, which parse them with their zod schemas (the casts below
  // only say so): a bad value is a VALIDATION problem naming the field, and nothing is written.
  get("/cases", "cases:read", (caller, req) =>
    listDepartmentCases(caller.ctx, {
      status: str(req.query.status) as never,
      itemCode: str(req.query.item),
      updatedSince: str(req.query.updated_since),
      cursor: str(req.query.cursor),
      limit: str(req.query.limit),
    }),
  );

  get("/cases/:id", "cases:read", async (caller, req) =>
    toCaseDetail(await getWorkbenchCase(caller.ctx, await caseIdOf(caller, String(req.params.id)))),
  );

  post("/cases/:id/actions", "cases:write", async (caller, req, raw) => {
    const body = parseJson(raw);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new DomainError("VALIDATION", "请求体应为 JSON 对象", [{ path: "", message: "应为对象" }]);
    }
    const b = body as Record<string, unknown>;
    const caseId = await caseIdOf(caller, String(req.params.id));
    const out = await performWorkbenchAction(caller.ctx, {
      caseId,
      action: b.action as never,
      expectedVersion: typeof b.expectedVersion === "number" ? b.expectedVersion : (undefined as never),
    });
    return { status: 200, body: out };
  });

  post(
    "/cases/:id/results",
    "results:write",
    async (caller, req, raw) => {
      const { metadata, file } = await resultParts(req, raw);
      const caseId = await caseIdOf(caller, String(req.params.id));
      const { result, created } = await issueDepartmentResult(caller.ctx, {
        caseId,
        metadata: parseJson(Buffer.from(metadata)) as never,
        pdf: file,
      });
      // 201: a new result; 200: the PDF attached to the result the case was issued at 办结.
      return { status: created ? 201 : 200, body: toResult(result) };
    },
    async (req, raw) => {
      // The boundary changes with every multipart encoding: the same request is the same parts.
      const { metadata, file } = await resultParts(req, raw);
      return Buffer.concat([Buffer.from(`${metadata}\n`), createHash("sha256").update(file).digest()]);
    },
  );

  get("/results", "results:read", async (caller, req) => {
    const shared = await shareResultsOfHolder(caller.ctx, {
      holderUscc: str(req.query.holderUscc),
      holderIdNumber: str(req.query.holderIdNumber),
      purpose: str(req.query.purpose) as string,
      caseNo: str(req.query.caseNo) as string,
    });
    return { ...shared, results: shared.results.map(toResult) };
  });

  get("/enterprises/:uscc", "cases:read", async (caller, req) => {
    const e = await findEnterpriseByUscc(caller.ctx, String(req.params.uscc));
    if (!e) throw new DomainError("NOT_FOUND", "未找到该企业");
    return toEnterprise(e);
  });

  get("/persons", "cases:read", async (caller, req) =>
    toPerson(await lookupPersonForDepartment(caller.ctx, str(req.query.idNumber) ?? "")),
  );

  // The caller's own push subscriptions (a department system registers where its events go).
  get("/webhooks", "webhooks:manage", async (caller) => ({
    rows: (await listWebhookSubscriptions(caller.ctx)).map(toWebhook),
  }));

  get("/webhooks/:id", "webhooks:manage", async (caller, req) =>
    toWebhook(await getWebhookSubscription(caller.ctx, { id: req.params.id })),
  );

  const SEALED = "sealed:";
  post(
    "/webhooks",
    "webhooks:manage",
    async (caller, _req, raw) => {
      const body = parseJson(raw);
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new DomainError("VALIDATION", "请求体应为 JSON 对象", [{ path: "", message: "应为对象" }]);
      }
      const b = body as Record<string, unknown>;
      // Only the endpoint and the events: the department is always the caller's own.
      const created = await createWebhookSubscription(caller.ctx, {
        url: b.url as string,
        eventTypes: b.eventTypes as never,
      });
      return { status: 201, body: { ...toWebhook(created.subscription), secret: created.secret } };
    },
    undefined,
    {
      seal: (reply) => {
        const b = reply.body as { secret?: unknown };
        if (typeof b?.secret !== "string") return reply;
        return { ...reply, body: { ...b, secret: `${SEALED}${rt.pii.encrypt(b.secret)}` } };
      },
      open: (stored) => {
        const b = stored.body as { secret?: unknown };
        if (typeof b?.secret !== "string" || !b.secret.startsWith(SEALED)) return stored;
        return { ...stored, body: { ...b, secret: rt.pii.decrypt(b.secret.slice(SEALED.length)) } };
      },
    },
  );

  router.delete("/webhooks/:id", async (req, res) => {
    try {
      const caller = await authenticate(req, "webhooks:manage");
      await deleteWebhookSubscription(caller.ctx, { id: req.params.id });
      res.status(204).end();
    } catch (e) {
      fail(res, req, e);
    }
  });

  router.use((req, res) => {
    fail(res, req, new DomainError("NOT_FOUND", "接口不存在"));
  });
  // Body reading errors (too large, aborted) as problems rather than the app's bare 500.
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const type = (err as { type?: string }).type;
    fail(
      res,
      req,
      type === "entity.too.large"
        ? new DomainError("PAYLOAD_TOO_LARGE", `请求体不能超过 ${MAX_BODY}`)
        : new DomainError("VALIDATION", "无法读取请求体", [{ path: "body", message: "读取失败" }]),
    );
  });
  return router;
}
