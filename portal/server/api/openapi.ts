import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  ZActionBody,
  ZActionOutcome,
  ZCaseDetail,
  ZCaseList,
  ZCaseListQuery,
  ZCreatedWebhook,
  ZCreateWebhookBody,
  ZEnterprise,
  ZPerson,
  ZProblem,
  ZResult,
  ZResultMetadata,
  ZSharedResults,
  ZWebhookSubscription,
  ZWebhookSubscriptionList,
} from "./schemas.ts";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ZProblem } },
});
const json = (description: string, schema: z.ZodType) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = {
  400: problem("bad input; `errors` names the fields"),
  401: problem("missing or invalid access token"),
  403: problem("the token lacks the scope"),
  404: problem("not found, or not a case of the caller's department"),
  429: problem("over the client's rate limit; see Retry-After"),
  503: problem("a service the API depends on (token keys, storage) does not answer; retry later"),
};
const postErrors = {
  ...errors,
  409: problem("version conflict, or the same key still in progress"),
  413: problem("body too large"),
  422: problem("the Idempotency-Key was used with another body"),
};
const idempotencyKey = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .openapi({ description: "unique per request, reused on retry" }),
});
const caseRef = z.object({ id: z.string().openapi({ description: "case id (uuid) or case number" }) });

/** Builds the OpenAPI 3.1 document of /api/v1 from the zod schemas. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const r = new OpenAPIRegistry();
  const bearer = r.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "client-credentials access token from /oidc/token (resource urn:tongban:api)",
  });
  const security = (scope: string) => [{ [bearer.name]: [scope] }];

  r.registerPath({
    method: "get",
    path: "/cases",
    summary: "The department's cases (oldest change first; cursor pagination)",
    security: security("cases:read"),
    request: { query: ZCaseListQuery },
    responses: { 200: json("a page of cases", ZCaseList), ...errors },
  });
  r.registerPath({
    method: "get",
    path: "/cases/{id}",
    summary: "One case: form, materials (signed links), events",
    security: security("cases:read"),
    request: { params: caseRef },
    responses: { 200: json("the case", ZCaseDetail), ...errors },
  });
  r.registerPath({
    method: "post",
    path: "/cases/{id}/actions",
    summary: "A stage action (same rules as the workbench)",
    security: security("cases:write"),
    request: {
      params: caseRef,
      headers: idempotencyKey,
      body: { content: { "application/json": { schema: ZActionBody } } },
    },
    responses: { 200: json("the case after the action", ZActionOutcome), ...postErrors },
  });
  r.registerPath({
    method: "post",
    path: "/cases/{id}/results",
    summary: "Push a result PDF for the case: attach it to the case's own result, or issue another result",
    description:
      "Of the result type the case's item issues itself (`resultTypeCode` of the case): the result is issued at " +
      "an approving 办结 with its number but no file; this push attaches the PDF to it (200) and keeps its " +
      "number, holder, validity and data (the metadata's `data` and validity are not applied). Before 办结, " +
      "after a denial, or when the result already has its file, it is refused (409 `INVALID_STATE`). Of any " +
      "other type the department issues, a new result is issued to the case's applicant (201).",
    security: security("results:write"),
    request: {
      params: caseRef,
      headers: idempotencyKey,
      body: {
        content: {
          "multipart/form-data": {
            schema: z.object({
              metadata: z.string().openapi({ description: "JSON of ResultMetadata" }),
              file: z.string().openapi({ format: "binary" }),
            }),
          },
        },
      },
    },
    responses: {
      200: json("the PDF attached to the result issued for the case at 办结", ZResult),
      201: json("a new result of another type, with the PDF", ZResult),
      ...postErrors,
      409: problem(
        "`INVALID_STATE`: the case's own result type before 办结 or after a denial (the result is issued at 办结, " +
          "the file uploaded after it), or its file is already attached; `CONFLICT`: the same key still in progress",
      ),
      415: problem("not multipart, or the file is not a PDF"),
    },
  });
  r.register("ResultMetadata", ZResultMetadata);
  r.registerPath({
    method: "get",
    path: "/results",
    summary: "Results of a holder for data sharing (purpose and case required; audited)",
    security: security("results:read"),
    request: {
      query: z.object({
        holderUscc: z.string().optional(),
        holderIdNumber: z.string().optional(),
        purpose: z.string(),
        caseNo: z.string(),
      }),
    },
    responses: { 200: json("the visible results", ZSharedResults), ...errors },
  });
  r.registerPath({
    method: "get",
    path: "/enterprises/{uscc}",
    summary: "An enterprise's public registry facts",
    security: security("cases:read"),
    request: { params: z.object({ uscc: z.string() }) },
    responses: { 200: json("the enterprise", ZEnterprise), ...errors },
  });
  r.registerPath({
    method: "get",
    path: "/persons",
    summary: "A person by ID number; numbers masked",
    security: security("cases:read"),
    request: { query: z.object({ idNumber: z.string() }) },
    responses: { 200: json("the person", ZPerson), ...errors },
  });

  const webhookRef = z.object({ id: z.string().openapi({ format: "uuid" }) });
  r.registerPath({
    method: "get",
    path: "/webhooks",
    summary: "The push subscriptions of the caller's department",
    security: security("webhooks:manage"),
    responses: { 200: json("the subscriptions", ZWebhookSubscriptionList), ...errors },
  });
  r.registerPath({
    method: "post",
    path: "/webhooks",
    summary: "Subscribe an endpoint of the caller's department to events; the signing secret is shown once",
    description:
      "Each event is POSTed as JSON `{id, type, createdAt, department, data}` with `X-Tongban-Event-Id`, " +
      "`X-Tongban-Event-Type`, `X-Tongban-Timestamp` (unix seconds) and `X-Tongban-Signature: v1=<hex " +
      'HMAC-SHA256 of "<timestamp>.<body>">`. Delivery is at least once: de-duplicate on the body\'s `id`.',
    security: security("webhooks:manage"),
    request: {
      headers: idempotencyKey,
      body: { content: { "application/json": { schema: ZCreateWebhookBody } } },
    },
    responses: {
      201: json("the subscription and its signing secret", ZCreatedWebhook),
      ...postErrors,
      409: problem("the department already holds the most subscriptions allowed, or the key is in progress"),
    },
  });
  r.registerPath({
    method: "get",
    path: "/webhooks/{id}",
    summary: "One push subscription of the caller's department",
    security: security("webhooks:manage"),
    request: { params: webhookRef },
    responses: { 200: json("the subscription", ZWebhookSubscription), ...errors },
  });
  r.registerPath({
    method: "delete",
    path: "/webhooks/{id}",
    summary: "Remove a push subscription of the caller's department and its delivery log",
    security: security("webhooks:manage"),
    request: { params: webhookRef },
    responses: { 204: { description: "removed" }, ...errors },
  });

  const doc = new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Tongban department API",
      version: "1.0.0",
      description: "The standard interface for department business systems (数据交换).",
    },
    servers: [{ url: "/api/v1" }],
  });
  return doc as unknown as Record<string, unknown>;
}
