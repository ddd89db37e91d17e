import { Card, Empty, Table, Tag } from "antd";
import { Link } from "react-router";
import { CHAIN_STATUS_COLOR, chainStatusLabel } from "../components/chain/chain-labels.ts";
import { LinkButton } from "../components/link-button.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import { chinaDate } from "../lib/labels.ts";
import type { Route } from "./+types/space-chains";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("chain.meta.mine") }];
}

export async function loader({ context }: Route.LoaderArgs) {
  const chains = await callUseCase(() => context.services.chains.mine());
  return { chains };
}

/** 我的一件事: the actor's chain applications, newest first. */
export default function SpaceChains({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { chains } = loaderData;
  return (
    <Card
      title={`${t("chain.mine.title")}（${chains.length}）`}
      extra={<Link to="/chains">{t("chain.mine.browse")}</Link>}
    >
      {chains.length ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: "max-content" }}
          dataSource={chains}
          columns={[
            {
              title: t("chain.col.instanceNo"),
              dataIndex: "instanceNo",
              render: (no: string, r) => <Link to={`/space/chains/${r.id}`}>{no}</Link>,
            },
            { title: t("chain.col.chain"), dataIndex: "chainName" },
            {
              title: t("chain.progress.status"),
              dataIndex: "status",
              render: (s: string) => <Tag color={CHAIN_STATUS_COLOR[s]}>{chainStatusLabel(t, s)}</Tag>,
            },
            {
              title: t("chain.col.stages"),
              key: "stages",
              render: (_: unknown, r) => `${r.stagesDone}/${r.stageCount}`,
            },
            {
              title: t("chain.col.submittedAt"),
              dataIndex: "submittedAt",
              render: (d: string) => chinaDate(d),
            },
            {
              title: t("chain.clock.deadline"),
              dataIndex: "promisedDeadline",
              render: (d: string | null) => d ?? "—",
            },
          ]}
        />
      ) : (
        <Empty description={t("chain.mine.empty")}>
          <LinkButton to="/chains" type="primary">
            {t("chain.mine.browse")}
          </LinkButton>
        </Empty>
      )}
    </Card>
  );
}
