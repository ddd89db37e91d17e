import { Badge, Col, Collapse, Flex, Row, Tag } from "antd";
import type { CatalogView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { ItemCard } from "./item-card.tsx";

const LEVEL_COLORS = { city: "geekblue", town: "cyan", village: "green" } as const;

/** The catalog grouped by department, every panel open so the page reads well without JS. */
export function DepartmentCatalog({ departments }: { departments: CatalogView["departments"] }) {
  const t = useT();
  const keys = departments.map((d) => d.code);
  return (
    <Collapse
      key={keys.join(",")}
      defaultActiveKey={keys}
      items={departments.map((d) => ({
        key: d.code,
        label: (
          <Flex wrap align="center" gap={8}>
            <strong>{d.name}</strong>
            <Tag color={LEVEL_COLORS[d.level]}>{t(`dept.level.${d.level}`)}</Tag>
          </Flex>
        ),
        extra: (
          <Badge
            count={t("dept.itemCount", { count: d.items.length })}
            color="#1554ad"
            style={{ fontWeight: 400 }}
          />
        ),
        children: (
          <Row gutter={[12, 12]}>
            {d.items.map((item) => (
              <Col key={item.code} xs={24} md={12} xl={8}>
                <ItemCard item={item} />
              </Col>
            ))}
          </Row>
        ),
      }))}
    />
  );
}
