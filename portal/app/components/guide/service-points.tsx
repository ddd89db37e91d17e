import { ClockCircleOutlined, EnvironmentOutlined, PhoneOutlined } from "@ant-design/icons";
import { Card, Col, Flex, Row, Typography } from "antd";
import type { ReactNode } from "react";
import type { ItemGuideView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";

function Line({ icon, label, value }: { icon: ReactNode; label: string; value: string }) {
  const t = useT();
  return (
    <Flex gap={6} align="baseline">
      {icon}
      <Typography.Text type="secondary">
        {label}
        {t("guide.labelSeparator")}
      </Typography.Text>
      <span>{value}</span>
    </Flex>
  );
}

/** 办理地点: the halls and windows where the item is handled in person. */
export function ServicePoints({ points }: { points: ItemGuideView["servicePoints"] }) {
  const t = useT();
  const empty = t("guide.empty");
  return (
    <Row gutter={[12, 12]}>
      {points.map((p) => (
        <Col key={`${p.name}-${p.address}`} xs={24} md={12}>
          <Card size="small" title={p.name} style={{ height: "100%" }}>
            <Flex vertical gap={4}>
              <Line
                icon={<EnvironmentOutlined />}
                label={t("guide.point.address")}
                value={p.address || empty}
              />
              <Line icon={<PhoneOutlined />} label={t("guide.point.phone")} value={p.phone || empty} />
              <Line icon={<ClockCircleOutlined />} label={t("guide.point.hours")} value={p.hours || empty} />
            </Flex>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
