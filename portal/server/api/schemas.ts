// The zod schemas of /api/v1: requests are parsed with them, responses are described by them, and the
// OpenAPI document is generated from them (openapi.ts).
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ZCaseAction } from "../../../chain/index.ts";
import { CASE_STATUSES, WEBHOOK_EVENT_TYPES } from "../../../registry/index.ts";

extendZodWithOpenApi(z);

export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details; `code` is stable (docs/errors.md)." });

const ZDateTime = z.string().openapi({ format: "date-time" });
const ZDate = z.string().openapi({ format: "date" });

export const ZCaseRow = z
  .object({
    id: z.string().openapi({ format: "uuid" }),
    caseNo: z.string(),
    itemCode: z.string(),
    itemName: z.string(),
    status: z.enum(CASE_STATUSES),
    applicantType: z.enum(["person", "enterprise"]),
    submittedAt: ZDateTime,
    updatedAt: ZDateTime,
    promisedDeadline: ZDate.nullable(),
    version: z.number().int(),
  })
  .openapi("CaseRow");

export const ZCaseList = z
  .object({ rows: z.array(ZCaseRow), nextCursor: z.string().nullable() })
  .openapi("CaseList");

export const ZCaseListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  item: z.string().optional().openapi({ description: "service item code" }),
  updated_since: ZDateTime.optional(),
  cursor: z.string().optional(),
  limit: z.string().optional().openapi({ description: "1-200, default 50" }),
});

const ZEvent = z.object({
  seq: z.number().int(),
  stage: z.string(),
  action: z.string(),
  actorName: z.string(),
  at: ZDateTime,
  payload: z.record(z.string(), z.unknown()),
});

export const ZCaseDecision = z
  .object({
    approve: z.boolean().openapi({ description: "true: 准予; false: 不予许可" }),
    reasons: z.string(),
    basis: z
      .enum(["review", "commitment"])
      .openapi({ description: "review: 审查后决定; commitment: 告知承诺" }),
    on: ZDate.openapi({ description: "the China date of the decision" }),
  })
  .openapi("CaseDecision");

export const ZCaseResultRef = z
  .object({
    id: z.string().openapi({ format: "uuid" }),
    number: z.string(),
    resultTypeCode: z.string(),
    status: z.enum(["valid", "revoked", "expired"]),
    hasFile: z.boolean().openapi({ description: "whether a PDF is attached" }),
  })
  .openapi("CaseResultRef");

export const ZCaseDetail = z
  .object({
    id: z.string(),
    caseNo: z.string(),
    itemCode: z.string(),
    itemName: z.string(),
    itemVersion: z.number().int(),
    status: z.enum(CASE_STATUSES),
    channel: z.string(),
    submittedAt: ZDateTime,
    acceptedAt: ZDateTime.nullable(),
    concludedAt: ZDateTime.nullable(),
    statutoryDeadline: ZDate.nullable(),
    promisedDeadline: ZDate.nullable(),
    decision: ZCaseDecision.nullable().openapi({ description: "null until decided" }),
    applicant: z.object({
      type: z.enum(["person", "enterprise"]),
      enterprise: z.object({ name: z.string(), uscc: z.string() }).nullable(),
      person: z.object({
        nameMasked: z.string(),
        idNumberMasked: z.string(),
        phoneMasked: z.string().nullable(),
      }),
    }),
    form: z.array(z.object({ name: z.string(), title: z.string(), value: z.string() })),
    materials: z.array(
      z.object({
        requirementCode: z.string(),
        kind: z.enum(["material", "result"]),
        title: z.string(),
        mimeType: z.string().nullable(),
        size: z.number().nullable(),
        url: z.string().nullable().openapi({ description: "short-lived signed download link" }),
      }),
    ),
    events: z.array(ZEvent),
    currentStep: z.object({ code: z.string(), name: z.string(), role: z.string() }),
    clock: z.object({
      remainingWorkingDays: z.number().nullable(),
      statutoryRemainingWorkingDays: z.number().nullable(),
      level: z.enum(["none", "yellow", "red"]),
      paused: z.boolean(),
    }),
    resultTypeCode: z.string().nullable().openapi({
      description:
        "the result type the item issues itself at an approving 办结 (attach its PDF afterwards with POST /cases/{id}/results); null: the item issues none",
    }),
    results: z.array(ZCaseResultRef).openapi({ description: "results issued for the case, oldest first" }),
    version: z.number().int(),
    allowedActions: z.array(z.string()).openapi({
      description:
        "the action types the caller may take now; the engine accepts each for the case as it stands",
    }),
  })
  .openapi("CaseDetail");

export const ZActionBody = z
  .object({ action: ZCaseAction, expectedVersion: z.number().int().min(0) })
  .openapi("CaseActionRequest");

export const ZActionOutcome = z
  .object({
    version: z.number().int(),
    status: z.string(),
    remainingWorkingDays: z.number().nullable(),
    level: z.enum(["none", "yellow", "red"]),
    paused: z.boolean(),
  })
  .openapi("CaseActionOutcome");

export const ZResultMetadata = z
  .object({
    resultTypeCode: z.string(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    validFrom: ZDate,
    validTo: ZDate.nullable().optional(),
  })
  .openapi("ResultMetadata");

export const ZResult = z
  .object({
    id: z.string(),
    number: z.string(),
    resultTypeCode: z.string(),
    name: z.string(),
    holderType: z.enum(["person", "enterprise"]),
    holderName: z.string(),
    issuingDepartment: z.object({ code: z.string(), name: z.string() }),
    itemCode: z.string().nullable(),
    caseId: z.string().nullable(),
    issuedAt: ZDateTime,
    validFrom: ZDate,
    validTo: ZDate.nullable(),
    status: z.enum(["valid", "revoked", "expired"]),
    data: z.record(z.string(), z.unknown()),
  })
  .openapi("Result");

export const ZSharedResults = z
  .object({
    holder: z.object({ type: z.enum(["person", "enterprise"]), id: z.string() }),
    visibleTypes: z.array(z.string()),
    results: z.array(ZResult),
  })
  .openapi("SharedResults");

export const ZEnterprise = z
  .object({
    uscc: z.string(),
    name: z.string(),
    type: z.string(),
    legalRepName: z.string(),
    address: z.string(),
    registeredCapitalYuan: z.number(),
    businessScope: z.string(),
    establishedOn: ZDate,
    status: z.enum(["active", "revoked", "cancelled"]),
  })
  .openapi("Enterprise");

export const ZPerson = z
  .object({
    name: z.string(),
    idNumberMasked: z.string(),
    phoneMasked: z.string().nullable(),
    realNameLevel: z.number().int(),
  })
  .openapi("Person");

export const ZWebhookSubscription = z
  .object({
    id: z.string().openapi({ format: "uuid" }),
    departmentCode: z.string(),
    url: z.string().openapi({ format: "uri" }),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    active: z.boolean(),
    secretHint: z.string().openapi({ description: "the last four characters of the signing secret" }),
    createdAt: ZDateTime,
    updatedAt: ZDateTime,
  })
  .openapi("WebhookSubscription");

export const ZWebhookSubscriptionList = z
  .object({ rows: z.array(ZWebhookSubscription) })
  .openapi("WebhookSubscriptionList");

export const ZCreateWebhookBody = z
  .object({
    url: z
      .string()
      .max(500)
      .openapi({ format: "uri", description: "http(s) endpoint the events are POSTed to" }),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1),
  })
  .openapi("WebhookSubscriptionRequest");

export const ZCreatedWebhook = ZWebhookSubscription.extend({
  secret: z.string().openapi({
    description:
      "whsec_… signing secret, returned only in this answer (and its idempotent replays); verify X-Tongban-Signature with it",
  }),
}).openapi("WebhookSubscriptionCreated");
