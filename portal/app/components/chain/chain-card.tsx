import { Card, Flex, Tag, Typography } from "antd";
import { Link } from "react-router";
import type { ChainListEntry } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { subjectLabel } from "../../lib/labels.ts";

/** One 一件事 of the list: its promise against applying item by item, its stages and departments. */
export function ChainCard({ chain }: { chain: ChainListEntry }) {
  const t = useT();
  return (
    <Card size="small" style={{ height: "100%" }}>
      <Flex vertical gap={8}>
        <Link to={`/chains/${chain.code}`} style={{ fontSize: 15, fontWeight: 500 }}>
          {chain.name}
        </Link>
        <Flex wrap gap={4}>
          <Tag color="green">{t("chain.promise", { days: chain.promiseDays })}</Tag>
          <Tag variant="outlined">{t("chain.separate", { days: chain.separateDays })}</Tag>
          {chain.subjectTypes.map((s) => (
            <Tag key={s} color="blue" variant="outlined">
              {subjectLabel(s, t)}
            </Tag>
          ))}
        </Flex>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: 0 }} ellipsis={{ rows: 3 }}>
          {chain.summary}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t("chain.counts", {
            stages: chain.stageCount,
            items: chain.itemCount,
            departments: chain.departments.length,
          })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
