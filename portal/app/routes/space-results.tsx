import { Card, Table, Tag } from "antd";
import { Link } from "react-router";
import type { ResultView } from "../../../registry/index.ts";
import { useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-results";

export async function loader({ context }: Route.LoaderArgs) {
  return { results: await callUseCase(() => context.services.mySpace.results()) };
}

export const RESULT_STATUS_COLOR: Record<string, string> = {
  valid: "green",
  expired: "default",
  revoked: "red",
};

/** 我的证照: every result the actor's subject holds, newest first. */
export default function SpaceResults({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { results } = loaderData;
  return (
    <Card title={`${t("space.nav.results")}（${results.length}）`}>
      <Table<ResultView>
        rowKey="id"
        size="middle"
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t("space.res.empty") }}
        dataSource={results}
        columns={[
          {
            key: "name",
            title: t("space.res.name"),
            render: (_, r) => <Link to={`/space/results/${r.id}`}>{r.name}</Link>,
          },
          { key: "number", title: t("space.res.number"), dataIndex: "number" },
          { key: "issuer", title: t("space.res.issuer"), render: (_, r) => r.issuingDepartment.name },
          {
            key: "valid",
            title: t("space.res.validTo"),
            width: 120,
            render: (_, r) => r.validTo ?? t("space.mat.noExpiry"),
          },
          {
            key: "status",
            title: t("space.col.status"),
            width: 90,
            render: (_, r) => (
              <Tag color={RESULT_STATUS_COLOR[r.status]}>{t(`space.res.status.${r.status}`)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
