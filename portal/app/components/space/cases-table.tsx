import { Table, Tag } from "antd";
import { Link } from "react-router";
import type { CaseSummaryWithClock } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { ClockBadge } from "../workbench/clock-badge.tsx";

export const STATUS_COLOR: Record<string, string> = {
  submitted: "blue",
  supplement_requested: "orange",
  accepted: "cyan",
  in_review: "cyan",
  concluded: "green",
  refused: "red",
  returned: "red",
};

/** The lines of "my cases", each linking to the case page. */
export function CasesTable({ cases }: { cases: CaseSummaryWithClock[] }) {
  const t = useT();
  return (
    <Table<CaseSummaryWithClock>
      rowKey="id"
      size="middle"
      pagination={false}
      scroll={{ x: 870 }}
      locale={{ emptyText: t("space.cases.empty") }}
      dataSource={cases}
      columns={[
        {
          key: "caseNo",
          title: t("space.col.caseNo"),
          width: 210,
          render: (_, c) => <Link to={`/space/cases/${c.id}`}>{c.caseNo}</Link>,
        },
        {
          key: "item",
          title: t("space.col.item"),
          render: (_, c) => <Link to={`/items/${c.itemCode}`}>{c.itemName}</Link>,
        },
        { key: "department", title: t("space.col.department"), dataIndex: "departmentName" },
        {
          key: "status",
          title: t("space.col.status"),
          width: 110,
          render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{t(`status.${c.status}` as MessageKey)}</Tag>,
        },
        {
          key: "submittedAt",
          title: t("space.col.submittedAt"),
          width: 120,
          render: (_, c) =>
            new Date(c.submittedAt).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" }),
        },
        {
          key: "deadline",
          title: t("space.col.deadline"),
          width: 130,
          render: (_, c) => c.promisedDeadline ?? "—",
        },
        {
          key: "remaining",
          title: t("space.col.remaining"),
          width: 150,
          render: (_, c) => <ClockBadge clock={c} />,
        },
      ]}
    />
  );
}
