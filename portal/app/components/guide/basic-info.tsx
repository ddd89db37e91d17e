import { Descriptions, type DescriptionsProps, Flex, Tag, Typography } from "antd";
import type { ItemGuideView } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import {
  chinaDate,
  depthColor,
  depthLabel,
  handlingLabel,
  kindLabel,
  subjectLabel,
  yuanFromFen,
} from "../../lib/labels.ts";

/** 基本信息: the identifying and quantitative fields of the guide. */
export function BasicInfo({ guide }: { guide: ItemGuideView }) {
  const t = useT();
  const empty = t("guide.empty");
  const items: DescriptionsProps["items"] = [
    {
      key: "code",
      label: t("guide.code"),
      children: <Typography.Text copyable>{guide.code}</Typography.Text>,
    },
    {
      key: "version",
      label: t("guide.version"),
      children: t("guide.versionValue", { version: guide.version }),
    },
    { key: "publishedAt", label: t("guide.publishedAt"), children: chinaDate(guide.publishedAt) },
    {
      key: "department",
      label: t("guide.department"),
      children: `${guide.department.name || guide.departmentName}（${guide.department.code || guide.departmentCode}）`,
    },
    { key: "phone", label: t("guide.departmentPhone"), children: guide.department.phone || empty },
    { key: "address", label: t("guide.departmentAddress"), children: guide.department.address || empty },
    { key: "kind", label: t("guide.kind"), children: kindLabel(guide.kind, t) },
    { key: "handling", label: t("guide.handlingType"), children: handlingLabel(guide.handlingType, t) },
    {
      key: "subjects",
      label: t("guide.subjects"),
      children: (
        <Flex wrap gap={4}>
          {guide.subjectTypes.map((s) => (
            <Tag key={s}>{subjectLabel(s, t)}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: "statutory",
      label: t("guide.statutoryDays"),
      children: t("guide.days", { days: guide.statutoryDays }),
    },
    {
      key: "promised",
      label: t("guide.promisedDays"),
      children: t("guide.days", { days: guide.promisedDays }),
    },
    {
      key: "fee",
      label: t("guide.fee"),
      children:
        guide.feeFen > 0 ? (
          <Flex vertical>
            <span>{t("guide.feeAmount", { amount: yuanFromFen(guide.feeFen) })}</span>
            {guide.feeBasis ? (
              <Typography.Text type="secondary">
                {t("guide.feeBasis", { basis: guide.feeBasis })}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : (
          t("guide.noFee")
        ),
    },
    {
      key: "depth",
      label: t("guide.onlineDepth"),
      children: <Tag color={depthColor(guide.onlineDepth)}>{depthLabel(guide.onlineDepth, t)}</Tag>,
    },
    {
      key: "visits",
      label: t("guide.visits"),
      children: t("guide.visitsValue", { count: guide.visitsRequired }),
    },
  ];
  return <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} items={items} />;
}
