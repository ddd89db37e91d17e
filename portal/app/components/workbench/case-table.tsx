import { Table, Tag } from "antd";
import { Link } from "react-router";
import type { WorkbenchCaseRow } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { chinaDate } from "../../lib/labels.ts";
import { ClockBadge } from "./clock-badge.tsx";

export const STATUS_COLOR: Record<string, string> = {
  draft: "default",
  submitted: "blue",
  supplement_requested: "orange",
  accepted: "cyan",
  in_review: "cyan",
  special_procedure: "purple",
  decided: "geekblue",
  concluded: "green",
  refused: "red",
  returned: "red",
  withdrawn: "default",
  terminated: "red",
};

/** A status tag in the page's language. */
export function StatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}` as MessageKey)}</Tag>;
}

/** One page of a queue; the case number opens the case. */
export function CaseTable({ rows }: { rows: WorkbenchCaseRow[] }) {
  const t = useT();
  return (
    <Table<WorkbenchCaseRow>
      rowKey="id"
      size="middle"
      pagination={false}
      scroll={{ x: 1160 }}
      locale={{ emptyText: t("wb.list.empty") }}
      dataSource={rows}
      columns={[
        {
          key: "caseNo",
          title: t("wb.col.caseNo"),
          width: 220,
          render: (_, r) => <Link to={`/workbench/cases/${r.id}`}>{r.caseNo}</Link>,
        },
        { key: "item", title: t("wb.col.item"), dataIndex: "itemName", width: 220 },
        { key: "applicant", title: t("wb.col.applicant"), dataIndex: "applicantName", width: 220 },
        { key: "step", title: t("wb.col.step"), dataIndex: "currentStepName", width: 90 },
        {
          key: "status",
          title: t("wb.col.status"),
          width: 110,
          render: (_, r) => <StatusTag status={r.status} />,
        },
        {
          key: "submittedAt",
          title: t("wb.col.submittedAt"),
          width: 110,
          render: (_, r) => chinaDate(r.submittedAt),
        },
        {
          key: "deadline",
          title: t("wb.col.deadline"),
          width: 120,
          render: (_, r) => r.promisedDeadline ?? "—",
        },
        {
          key: "clock",
          title: t("wb.col.remaining"),
          width: 140,
          fixed: "right",
          render: (_, r) => <ClockBadge clock={r} />,
        },
      ]}
    />
  );
}
