import { Tag, Timeline, Typography } from "antd";
import type { WorkbenchCaseEvent } from "../../../../chain/index.ts";
import { type MessageKey, type TFunction, useT } from "../../i18n/index.ts";
import { actionLabel } from "./action-labels.ts";
import { chinaDateTime } from "./case-overview.tsx";

/** Payload fields worth a line in the timeline, in this order; the rest stay in the hash-chained record. */
const FIELDS: { key: string; label: MessageKey }[] = [
  { key: "reason", label: "wb.field.reason" },
  { key: "legalBasis", label: "wb.field.legalBasis" },
  { key: "opinion", label: "wb.field.opinion" },
  { key: "reasons", label: "wb.field.reasons" },
  { key: "outcome", label: "wb.field.outcome" },
  { key: "commitmentText", label: "wb.field.commitmentText" },
  { key: "approvedBy", label: "wb.field.approvedBy" },
  { key: "days", label: "wb.field.days" },
  { key: "promisedDeadline", label: "wb.col.deadline" },
  { key: "statutoryDeadline", label: "wb.case.statutoryDeadline" },
];

function text(value: unknown): string {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "✓" : "✗";
  return "";
}

function details(t: TFunction, payload: Record<string, unknown>): string[] {
  const lines = FIELDS.filter((f) => text(payload[f.key]) !== "").map(
    (f) => `${t(f.label)}：${text(payload[f.key])}`,
  );
  if (Array.isArray(payload.items)) {
    for (const item of payload.items as { code?: unknown; problem?: unknown }[]) {
      lines.push(
        `${t("wb.field.material")}：${text(item.code)}${item.problem ? ` — ${text(item.problem)}` : ""}`,
      );
    }
  }
  return lines;
}

/** 办件过程: the hash-chained case events, oldest first. */
export function EventTimeline({ events }: { events: WorkbenchCaseEvent[] }) {
  const t = useT();
  if (events.length === 0) return <Typography.Text type="secondary">{t("wb.events.empty")}</Typography.Text>;
  return (
    <Timeline
      items={events.map((e) => {
        const violation = typeof e.payload.violation === "string" ? e.payload.violation : null;
        const refused = e.payload.pass === false || e.payload.approve === false;
        return {
          key: e.seq,
          color: violation || refused ? "red" : e.stage === "办结" ? "green" : "blue",
          content: (
            <div>
              <Typography.Text strong>
                {e.stage} · {actionLabel(t, e.action)}
              </Typography.Text>
              {violation ? (
                <Tag color="red" style={{ marginInlineStart: 8 }}>
                  {violation}
                </Tag>
              ) : null}
              <div>
                <Typography.Text type="secondary">
                  {chinaDateTime(e.at)} · {e.actorName}
                </Typography.Text>
              </div>
              {details(t, e.payload).map((line) => (
                <div key={line} style={{ whiteSpace: "pre-wrap" }}>
                  {line}
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
