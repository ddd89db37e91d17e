import { Timeline, Typography } from "antd";
import type { ApplicantCaseView } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { chinaDateTime } from "../workbench/case-overview.tsx";
import { applicantActionLabel, eventDetails } from "./timeline-details.ts";

const BY_KEYS: Record<string, MessageKey> = {
  applicant: "space.by.applicant",
  department: "space.by.department",
  platform: "space.by.platform",
};

const RED = new Set(["refuse", "return", "deficiencyExpired", "commitmentBreached"]);

/** 办理进度: what happened to the case, oldest first, in the words the applicant is told. */
export function CaseTimeline({ events, materialNames }: Pick<ApplicantCaseView, "events" | "materialNames">) {
  const t = useT();
  if (events.length === 0) {
    return <Typography.Text type="secondary">{t("space.timeline.empty")}</Typography.Text>;
  }
  const nameOf = (code: string) => materialNames[code] ?? code;
  return (
    <Timeline
      items={events.map((e) => {
        const refused = RED.has(e.action) || e.details.approve === false || e.details.pass === false;
        return {
          key: e.id,
          color: refused ? "red" : e.action === "conclude" ? "green" : "blue",
          content: (
            <div>
              <Typography.Text strong>{applicantActionLabel(t, e.action)}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {chinaDateTime(e.at)} · {t(BY_KEYS[e.by] ?? "space.by.platform")}
                </Typography.Text>
              </div>
              {eventDetails(t, e.action, e.details, nameOf).map((line) => (
                <div key={line} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
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
