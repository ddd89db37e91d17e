import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Department } from "../org/org.entity.ts";
import { Person } from "../persons/person.entity.ts";
import { Case } from "./case.entity.ts";

export const VERIFICATION_STATUSES = ["open", "passed", "failed"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/**
 * 告知承诺 核查任务: a case approved on the applicant's written commitment is verified afterwards by its
 * department, by `dueOn`. Created in the transaction of the approval; one per case.
 */
export const VerificationTask = defineEntity({
  name: "VerificationTask",
  tableName: "verification_task",
  properties: {
    id: p.uuid().primary(),
    case: () => p.manyToOne(Case).ref().unique(),
    department: () => p.manyToOne(Department).ref(),
    commitmentText: p.text(),
    dueOn: p.date(),
    status: p.enum(() => VERIFICATION_STATUSES).default("open"),
    /** What the verification found (required to close the task). */
    finding: p.text().nullable(),
    resolvedAt: p.datetime().nullable(),
    resolvedBy: () => p.manyToOne(Person).ref().nullable(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ["department", "status", "dueOn"] }],
});
export type IVerificationTask = InferEntity<typeof VerificationTask>;
