import type { MessageKey, TFunction } from "../../i18n/index.ts";

/** Message keys of the flow actions and of the other event actions the timeline shows. */
const ACTION_KEYS: Record<string, MessageKey> = {
  submit: "wb.action.submit",
  receive: "wb.action.receive",
  accept: "wb.action.accept",
  refuse: "wb.action.refuse",
  requestSupplement: "wb.action.requestSupplement",
  repeatedSupplementNotice: "wb.action.repeatedSupplementNotice",
  supplement: "wb.action.supplement",
  acceptWithDeficiency: "wb.action.acceptWithDeficiency",
  deficiencyFulfilled: "wb.action.deficiencyFulfilled",
  deficiencyExpired: "wb.action.deficiencyExpired",
  commitmentApproval: "wb.action.commitmentApproval",
  review: "wb.action.review",
  skip: "wb.action.skip",
  startSpecialProcedure: "wb.action.startSpecialProcedure",
  endSpecialProcedure: "wb.action.endSpecialProcedure",
  extend: "wb.action.extend",
  decide: "wb.action.decide",
  conclude: "wb.action.conclude",
  return: "wb.action.return",
  withdraw: "wb.action.withdraw",
  arbitrate: "wb.action.arbitrate",
  arbitrationRequested: "wb.action.arbitrationRequested",
  chainBlocked: "wb.action.chainBlocked",
  chainCompleted: "wb.action.chainCompleted",
};

/** The name of an action in the page's language; an unknown one (a newer engine) as stored. */
export function actionLabel(t: TFunction, action: string): string {
  const key = Object.hasOwn(ACTION_KEYS, action) ? ACTION_KEYS[action] : undefined;
  return key ? t(key) : action;
}
