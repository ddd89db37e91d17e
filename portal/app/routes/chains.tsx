import { Card, Col, Empty, Flex, Row, Typography } from "antd";
import { ChainCard } from "../components/chain/chain-card.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/chains";

export function meta({ matches }: Route.MetaArgs) {
  const t = metaT(matches);
  return [{ title: t("chain.meta.list") }, { name: "description", content: t("chain.list.subtitle") }];
}

export async function loader({ context }: Route.LoaderArgs) {
  const chains = await callUseCase(() => context.services.chains.list());
  return { chains };
}

/** 一件事: the published business chains, each applied for once across its departments. */
export default function Chains({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { chains } = loaderData;
  return (
    <Flex vertical gap={16}>
      <Card variant="borderless">
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t("chain.list.title")}
        </Typography.Title>
        <Typography.Text type="secondary">{t("chain.list.subtitle")}</Typography.Text>
      </Card>
      {chains.length ? (
        <Row gutter={[16, 16]}>
          {chains.map((c) => (
            <Col key={c.code} xs={24} md={12} xl={8}>
              <ChainCard chain={c} />
            </Col>
          ))}
        </Row>
      ) : (
        <Card>
          <Empty description={t("chain.list.empty")} />
        </Card>
      )}
    </Flex>
  );
}
