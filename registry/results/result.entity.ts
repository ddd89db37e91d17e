import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Case } from "../cases/case.entity.ts";
import { ServiceItem } from "../catalog/service-item.entity.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Department } from "../org/org.entity.ts";
import { Person } from "../persons/person.entity.ts";

/**
 * 审批结果 / 电子证照: issued by a department to a person or an enterprise; reused by other departments
 * (once-only). Carries the e-certificate metadata of GB/T 36903.
 */
export const Result = defineEntity({
  name: "Result",
  tableName: "result",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    number: p.string().length(60).unique(),
    resultTypeCode: p.string().length(40),
    name: p.string().length(100),
    holderType: p.enum(["person", "enterprise"] as const),
    holderPerson: () => p.manyToOne(Person).ref().nullable(),
    holderEnterprise: () => p.manyToOne(Enterprise).ref().nullable(),
    item: () => p.manyToOne(ServiceItem).ref().nullable(),
    case: () => p.manyToOne(Case).ref().nullable(),
    issuingDepartment: () => p.manyToOne(Department).ref(),
    issuedAt: p.datetime(),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    data: p.json<Record<string, unknown>>(),
    fileKey: p.string().length(512).nullable(),
    status: p.enum(["valid", "revoked", "expired"] as const).default("valid"),
    revokedAt: p.datetime().nullable(),
    revokeReason: p.string().length(200).nullable(),
    /** GB/T 36903: 证照颁发机构代码 (the issuing department's USCC). */
    issuerCode: p.string().length(18),
    /** GB/T 36903: 持证主体代码类型, e.g. 统一社会信用代码 or 公民身份号码. */
    holderIdType: p.string().length(20),
    /** GB/T 36903: 证照所属行政区划代码. */
    jurisdictionCode: p.string().length(12),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [
    {
      name: "result_one_holder",
      expression:
        "(holder_type = 'person' and holder_person_id is not null and holder_enterprise_id is null) or (holder_type = 'enterprise' and holder_enterprise_id is not null and holder_person_id is null)",
    },
  ],
  indexes: [
    { properties: ["holderPerson", "resultTypeCode"] },
    { properties: ["holderEnterprise", "resultTypeCode"] },
    // A case's results (the case detail, the result push that attaches its file).
    { properties: ["case"] },
  ],
});
export type IResult = InferEntity<typeof Result>;

/** Per result type and year, the last certificate number handed out. */
export const ResultNumberSequence = defineEntity({
  name: "ResultNumberSequence",
  tableName: "result_number_sequence",
  properties: {
    resultTypeCode: p.string().length(40).primary(),
    year: p.integer().primary(),
    last: p.integer(),
  },
});
