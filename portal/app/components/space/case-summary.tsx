import { Descriptions, Space } from "antd";
import type { ApplicantCaseView } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { chinaDate } from "../../lib/labels.ts";
import { chinaDateTime } from "../workbench/case-overview.tsx";
import { StatusTag } from "../workbench/case-table.tsx";
import { ClockBadge } from "../workbench/clock-badge.tsx";

/** Statuses after which the case is over: the clock badge no longer means anything to the applicant. */
const CLOSED = new Set(["concluded", "refused", "returned", "withdrawn", "terminated"]);

/** Labels on one line; the values wrap. */
const LABEL = { label: { whiteSpace: "nowrap" as const } };

/** 办件信息: which case, who handles it, where it stands and by when it is due. */
export function CaseSummary({ v }: { v: ApplicantCaseView }) {
  const t = useT();
  const c = v.case;
  const f = v.flow;
  return (
    <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" bordered styles={LABEL}>
      <Descriptions.Item label={t("space.col.caseNo")}>{c.caseNo}</Descriptions.Item>
      <Descriptions.Item label={t("space.col.item")}>{c.itemName}</Descriptions.Item>
      <Descriptions.Item label={t("space.col.department")}>{v.departmentName}</Descriptions.Item>
      <Descriptions.Item label={t("space.col.status")}>
        <Space size={4} wrap>
          <StatusTag status={f.status} />
          {/* Before acceptance the clock has not started: nothing to count down yet. */}
          {CLOSED.has(f.status) || (f.remainingWorkingDays === null && !f.paused) ? null : (
            <ClockBadge clock={f} />
          )}
        </Space>
      </Descriptions.Item>
      {CLOSED.has(f.status) ? null : (
        <Descriptions.Item label={t("space.case.step")}>{f.currentStep.name}</Descriptions.Item>
      )}
      <Descriptions.Item label={t("space.case.submittedAt")}>
        {chinaDateTime(c.submittedAt)}
      </Descriptions.Item>
      <Descriptions.Item label={t("space.case.acceptedAt")}>{chinaDateTime(c.acceptedAt)}</Descriptions.Item>
      <Descriptions.Item label={t("space.case.promisedDeadline")}>
        {f.deadlines.promised ?? "—"}
      </Descriptions.Item>
      <Descriptions.Item label={t("space.case.statutoryDeadline")}>
        {f.deadlines.statutory ?? "—"}
      </Descriptions.Item>
      {c.decision ? (
        <Descriptions.Item label={t("space.case.decision")}>
          {t(c.decision === "approved" ? "space.case.decision.approved" : "space.case.decision.denied")}
        </Descriptions.Item>
      ) : null}
      {c.concludedAt ? (
        <Descriptions.Item label={t("space.case.concludedAt")}>{chinaDate(c.concludedAt)}</Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
