import { Descriptions, Space } from "antd";
import type { WorkbenchCaseDetail } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { chinaDate } from "../../lib/labels.ts";
import { StatusTag } from "./case-table.tsx";
import { ClockBadge } from "./clock-badge.tsx";

/** "YYYY-MM-DD HH:mm" in China time, computed the same on the server and in any browser (hydration). */
export function chinaDateTime(iso: string | null): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}
const dateTime = chinaDateTime;

/** Labels on one line; the values wrap. */
const LABEL = { label: { whiteSpace: "nowrap" as const } };

/** 基本信息: the case, its dates and deadlines, the decision and the clock. */
export function CaseOverview({ c }: { c: WorkbenchCaseDetail }) {
  const t = useT();
  return (
    <Descriptions column={{ xs: 1, sm: 2, xl: 1, xxl: 2 }} size="small" bordered styles={LABEL}>
      <Descriptions.Item label={t("wb.col.caseNo")}>{c.caseNo}</Descriptions.Item>
      <Descriptions.Item label={t("wb.col.item")}>
        {c.itemName}（{c.itemCode}，{t("wb.case.itemVersion", { version: c.itemVersion })}）
      </Descriptions.Item>
      <Descriptions.Item label={t("wb.col.status")}>
        <Space size={4} wrap>
          <StatusTag status={c.status} />
          <ClockBadge clock={c.clock} />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t("wb.case.step")}>{c.flow.currentStep.name}</Descriptions.Item>
      <Descriptions.Item label={t("wb.case.channel")}>
        {t(`wb.channel.${c.channel}` as MessageKey)}
      </Descriptions.Item>
      <Descriptions.Item label={t("wb.case.department")}>{c.departmentName}</Descriptions.Item>
      <Descriptions.Item label={t("wb.col.submittedAt")}>{dateTime(c.submittedAt)}</Descriptions.Item>
      <Descriptions.Item label={t("wb.case.acceptedAt")}>{dateTime(c.acceptedAt)}</Descriptions.Item>
      <Descriptions.Item label={t("wb.col.deadline")}>{c.promisedDeadline ?? "—"}</Descriptions.Item>
      <Descriptions.Item label={t("wb.case.statutoryDeadline")}>
        {c.statutoryDeadline ?? "—"}
      </Descriptions.Item>
      {c.clock.statutoryRemainingWorkingDays !== null ? (
        <Descriptions.Item label={t("wb.case.statutoryRemaining")}>
          {t("wb.clock.days", { days: c.clock.statutoryRemainingWorkingDays })}
        </Descriptions.Item>
      ) : null}
      {c.decision ? (
        <Descriptions.Item label={t("wb.case.decision")} span={2}>
          {t(c.decision.approve ? "wb.decision.approve" : "wb.decision.deny")}（{c.decision.on}）：
          {c.decision.reasons}
        </Descriptions.Item>
      ) : null}
      {c.concludedAt ? (
        <Descriptions.Item label={t("wb.case.concludedAt")}>{chinaDate(c.concludedAt)}</Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

/** 申请人: masked by the use case; the page never holds the full numbers. */
export function ApplicantInfo({ applicant }: { applicant: WorkbenchCaseDetail["applicant"] }) {
  const t = useT();
  const p = applicant.person;
  return (
    <Descriptions column={{ xs: 1, sm: 2, xl: 1, xxl: 2 }} size="small" bordered styles={LABEL}>
      {applicant.enterprise ? (
        <>
          <Descriptions.Item label={t("wb.applicant.enterprise")}>
            {applicant.enterprise.name}
          </Descriptions.Item>
          <Descriptions.Item label={t("space.uscc")}>{applicant.enterprise.uscc}</Descriptions.Item>
        </>
      ) : null}
      <Descriptions.Item label={t(applicant.enterprise ? "wb.applicant.agent" : "wb.applicant.name")}>
        {p.nameMasked}
      </Descriptions.Item>
      <Descriptions.Item label={t("space.idNumber")}>{p.idNumberMasked || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("wb.applicant.phone")}>{p.phoneMasked ?? "—"}</Descriptions.Item>
    </Descriptions>
  );
}
