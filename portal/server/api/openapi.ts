import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  ZActionBody,
  ZActionOutcome,
  ZCaseDetail,
  ZCaseList,
  ZCaseListQuery,
  ZEnterprise,
  ZPerson,
  ZProblem,
  ZResult,
  ZResultMetadata,
  ZSharedResults,
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
    summary: "Issue a result for the case's applicant: metadata (JSON) and a PDF, multipart",
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
      201: json("the issued result", ZResult),
      ...postErrors,
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
