import { Card, Col, Row } from "antd";
import { Link } from "react-router";
import type { ChainListEntry } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { ChainCard } from "./chain-card.tsx";

/** The home page's 一件事一次办 section: the chains, then the item catalog below. */
export function HomeChains({ chains }: { chains: ChainListEntry[] }) {
  const t = useT();
  if (!chains.length) return null;
  return (
    <Card
      title={t("chain.home.title")}
      size="small"
      extra={<Link to="/chains">{t("chain.home.all")}</Link>}
      styles={{ body: { padding: 16 } }}
    >
      <Row gutter={[12, 12]}>
        {chains.map((c) => (
          <Col key={c.code} xs={24} md={12} xl={6}>
            <ChainCard chain={c} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
