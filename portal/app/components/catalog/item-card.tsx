import { Card, Flex, Tag, Typography } from "antd";
import { Link } from "react-router";
import type { ServiceItemSummary } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { depthColor, depthLabel, handlingLabel, yuanFromFen } from "../../lib/labels.ts";

/** One item of the catalog: name, tags and the figures an applicant compares first. */
export function ItemCard({ item }: { item: ServiceItemSummary }) {
  const t = useT();
  const facts = [
    item.promisedDays > 0 ? t("item.promisedDays", { days: item.promisedDays }) : t("item.promisedDays.zero"),
    item.visitsRequired > 0 ? t("item.visits", { count: item.visitsRequired }) : t("item.visits.zero"),
    item.feeFen > 0 ? t("item.fee", { amount: yuanFromFen(item.feeFen) }) : t("item.free"),
  ];
  return (
    <Card size="small" style={{ height: "100%" }}>
      <Flex vertical gap={8}>
        <Link to={`/items/${item.code}`} style={{ fontSize: 15, fontWeight: 500 }}>
          {item.name}
        </Link>
        <Flex wrap gap={4}>
          <Tag color={depthColor(item.onlineDepth)}>{depthLabel(item.onlineDepth, t)}</Tag>
          <Tag color={item.handlingType === "instant" ? "green" : "blue"} variant="outlined">
            {handlingLabel(item.handlingType, t)}
          </Tag>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {facts.join(" · ")}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
