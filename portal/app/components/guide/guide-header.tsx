import { FormOutlined } from "@ant-design/icons";
import { Breadcrumb, Card, Flex, Tag, Typography } from "antd";
import { Link } from "react-router";
import type { ItemGuideView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { depthColor, depthLabel, handlingLabel, kindLabel } from "../../lib/labels.ts";
import { LinkButton } from "../link-button.tsx";

/** Breadcrumb, the item's name and tags, and the 在线申办 entry. */
export function GuideHeader({ guide }: { guide: ItemGuideView }) {
  const t = useT();
  return (
    <Card variant="borderless">
      <Flex vertical gap={12}>
        <Breadcrumb
          items={[
            { key: "home", title: <Link to="/">{t("nav.home")}</Link> },
            { key: "dept", title: guide.departmentName },
            { key: "guide", title: t("guide.title") },
          ]}
        />
        <Flex wrap justify="space-between" align="center" gap={16}>
          <Flex vertical gap={8} style={{ minWidth: 0, flex: "1 1 320px" }}>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {guide.name}
            </Typography.Title>
            <Flex wrap gap={4}>
              <Tag color="geekblue">{kindLabel(guide.kind, t)}</Tag>
              <Tag color={guide.handlingType === "instant" ? "green" : "blue"}>
                {handlingLabel(guide.handlingType, t)}
              </Tag>
              <Tag color={depthColor(guide.onlineDepth)}>{depthLabel(guide.onlineDepth, t)}</Tag>
            </Flex>
          </Flex>
          <Flex vertical gap={4} align="flex-end">
            <LinkButton to={`/items/${guide.code}/apply`} type="primary" size="large" icon={<FormOutlined />}>
              {t("guide.apply")}
            </LinkButton>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("guide.applyHint")}
            </Typography.Text>
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}
