import { DownloadOutlined } from "@ant-design/icons";
import { Button, Empty, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from "antd";
import type { TMaterialRequirement } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { materialFormLabel } from "../../lib/labels.ts";

/** 申请材料: one row per requirement, with once-only reuse (免提交) called out. */
export function MaterialsTable({
  materials,
  resultTypeNames,
}: {
  materials: TMaterialRequirement[];
  resultTypeNames: Record<string, string>;
}) {
  const t = useT();
  if (materials.length === 0) return <Empty description={t("guide.materials.none")} />;

  const columns: TableColumnsType<TMaterialRequirement> = [
    {
      key: "name",
      title: t("material.col.name"),
      render: (_, m) => (
        <Flex vertical gap={2}>
          <span>{m.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.code}
          </Typography.Text>
          {m.acceptedResultTypes.length > 0 ? (
            <Typography.Text type="success" style={{ fontSize: 12 }}>
              {t("material.reusable", {
                types: m.acceptedResultTypes.map((c) => resultTypeNames[c] ?? c).join("、"),
              })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: "required",
      title: t("material.col.required"),
      width: 96,
      render: (_, m) =>
        m.required ? <Tag color="red">{t("material.required")}</Tag> : <Tag>{t("material.optional")}</Tag>,
    },
    { key: "form", title: t("material.col.form"), width: 96, render: (_, m) => materialFormLabel(m.form, t) },
    {
      key: "copies",
      title: t("material.col.copies"),
      width: 72,
      render: (_, m) => t("material.copiesValue", { count: m.copies }),
    },
    {
      key: "template",
      title: t("material.col.template"),
      width: 120,
      // Downloads need the storage service; until then the link is a visible, disabled placeholder.
      render: (_, m) =>
        m.templateKey ? (
          <Tooltip title={t("material.template.soon")}>
            <Button type="link" size="small" icon={<DownloadOutlined />} disabled>
              {t("material.template.download")}
            </Button>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t("material.template.none")}</Typography.Text>
        ),
    },
    { key: "note", title: t("material.col.note"), render: (_, m) => m.note || t("guide.empty") },
  ];

  return (
    <Table<TMaterialRequirement>
      rowKey="code"
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 760 }}
      columns={columns}
      dataSource={materials}
    />
  );
}
