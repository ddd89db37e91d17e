import type { CaseAction, CaseActionType } from "../../../chain/index.ts";

/** The form intents of the workbench case page that are flow actions (the staff side of the rule table). */
export const WORKBENCH_INTENTS = [
  "receive",
  "accept",
  "refuse",
  "requestSupplement",
  "acceptWithDeficiency",
  "deficiencyFulfilled",
  "commitmentApproval",
  "review",
  "skip",
  "startSpecialProcedure",
  "endSpecialProcedure",
  "extend",
  "decide",
  "conclude",
  "return",
  "arbitrate",
] as const satisfies readonly CaseActionType[];
export type WorkbenchIntent = (typeof WORKBENCH_INTENTS)[number];

export function isWorkbenchIntent(value: unknown): value is WorkbenchIntent {
  return typeof value === "string" && (WORKBENCH_INTENTS as readonly string[]).includes(value);
}

/**
 * The flow action a posted form describes. Only the shape is built here (text fields as typed, numbers and
 * booleans converted); the use case validates it with the action schema and answers in Chinese.
 */
export function actionFromForm(intent: WorkbenchIntent, form: FormData): CaseAction {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const yes = (name: string) => text(name) === "true";
  switch (intent) {
    case "receive":
    case "accept":
    case "conclude":
      return { type: intent };
    case "deficiencyFulfilled":
      return { type: intent };
    case "refuse":
      return { type: intent, reason: text("reason"), legalBasis: text("legalBasis") };
    case "requestSupplement": {
      const codes = form.getAll("codes").filter((c): c is string => typeof c === "string");
      return { type: intent, items: codes.map((code) => ({ code, problem: text(`problem.${code}`) })) };
    }
    case "acceptWithDeficiency":
      return {
        type: intent,
        materialCode: text("materialCode"),
        dueOn: text("dueOn"),
        signedCommitment: yes("signedCommitment") as true,
      };
    case "commitmentApproval":
      return { type: intent, commitmentText: text("commitmentText"), verifyBy: text("verifyBy") };
    case "review":
      return yes("pass")
        ? { type: intent, pass: true, opinion: text("text") || undefined }
        : { type: intent, pass: false, reason: text("text") };
    case "skip":
    case "return":
      return { type: intent, reason: text("reason") };
    case "startSpecialProcedure":
      return {
        type: intent,
        kind: text("kind") as "hearing",
        reason: text("reason"),
      };
    case "endSpecialProcedure":
      return { type: intent, outcome: text("outcome") };
    case "extend": {
      const days = text("days").trim();
      return {
        type: intent,
        days: days === "" ? Number.NaN : Number(days),
        approvedBy: text("approvedBy"),
        reason: text("reason"),
        otherLaw: text("otherLaw").trim() || undefined,
      };
    }
    case "decide":
      return { type: intent, approve: yes("approve"), reasons: text("reasons") };
    case "arbitrate":
      return { type: intent, pass: yes("pass"), reason: text("reason") };
  }
}
