import { Card, Descriptions, Flex, Pagination, Table, Tag } from "antd";
import { Link, useNavigate } from "react-router";
import type { CaseSummaryWithClock } from "../../../chain/index.ts";
import { ClockBadge } from "../components/workbench/clock-badge.tsx";
import { type MessageKey, metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/space";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("space.title") }];
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const raw = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 10_000 ? raw : 1;
  return { page, ...(await callUseCase(() => context.services.space.overview({ page }))) };
}

const STATUS_COLOR: Record<string, string> = {
  submitted: "blue",
  supplement_requested: "orange",
  accepted: "cyan",
  in_review: "cyan",
  concluded: "green",
  refused: "red",
  returned: "red",
};

/** The space of whoever the person acts as: who that is, and their cases. */
export default function Space({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const navigate = useNavigate();
  const { user, cases, total, page, pageSize } = loaderData;
  const ent = user.actingFor.type === "enterprise" ? user.actingFor : null;
  return (
    <Flex vertical gap={16}>
      <Card title={ent ? t("space.enterprise") : t("space.person")}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("space.actingAs")}>{ent ? ent.name : user.name}</Descriptions.Item>
          {ent ? (
            <>
              <Descriptions.Item label={t("space.uscc")}>{ent.uscc}</Descriptions.Item>
              <Descriptions.Item label={t("space.role")}>
                {user.name}（{t(`auth.role.${ent.role}` as MessageKey)}）
              </Descriptions.Item>
              <Descriptions.Item label={t("space.scope")}>
                {ent.scope === "all" ? t("space.scope.all") : ent.scope.join("、")}
              </Descriptions.Item>
            </>
          ) : (
            <>
              <Descriptions.Item label={t("space.idNumber")}>{user.idNumberMasked}</Descriptions.Item>
              <Descriptions.Item label={t("space.realName")}>L{user.realNameLevel}</Descriptions.Item>
            </>
          )}
        </Descriptions>
      </Card>
      <Card title={`${t("space.cases")}（${total}）`}>
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
              render: (_, c) => (
                <Tag color={STATUS_COLOR[c.status]}>{t(`status.${c.status}` as MessageKey)}</Tag>
              ),
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
        {total > pageSize ? (
          <Flex justify="end" style={{ marginTop: 16 }}>
            <Pagination
              current={page}
              pageSize={pageSize}
              total={total}
              showSizeChanger={false}
              onChange={(p) => navigate(`?page=${p}`)}
            />
          </Flex>
        ) : null}
      </Card>
    </Flex>
  );
}
