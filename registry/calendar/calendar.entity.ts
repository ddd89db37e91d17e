import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** A day that differs from the plain weekday/weekend rule: a holiday, or a worked weekend day (调休). */
export const WorkCalendarDay = defineEntity({
  name: "WorkCalendarDay",
  tableName: "work_calendar",
  properties: {
    date: p.date().primary(),
    kind: p.enum(["holiday", "workday"] as const),
    name: p.string().length(50),
  },
});
export type IWorkCalendarDay = InferEntity<typeof WorkCalendarDay>;
