import { Flex, Statistic, Table, Tag, Typography } from "antd";
import type { ChainGuideView } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { materialFormLabel } from "../../lib/labels.ts";

/** 承诺时限 against applying item by item: the chain's promise, then each item's promised days and their sum. */
export function TimeComparison({ guide }: { guide: Omit<ChainGuideView, "formSchema"> }) {
  const t = useT();
  const items = guide.stages.flatMap((s) => s.items);
  return (
    <Flex vertical gap={12}>
      <Flex wrap gap={32}>
        <Statistic
          title={t("chain.time.promise")}
          value={guide.promiseDays}
          suffix={t("chain.time.unit")}
          styles={{ content: { color: "#389e0d" } }}
        />
        <Statistic
          title={t("chain.time.separate")}
          value={guide.separateDays}
          suffix={t("chain.time.unit")}
        />
        {guide.separateDays > guide.promiseDays ? (
          <Statistic
            title={t("chain.time.saved")}
            value={guide.separateDays - guide.promiseDays}
            suffix={t("chain.time.unit")}
          />
        ) : null}
      </Flex>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={items}
        columns={[
          { title: t("chain.col.item"), dataIndex: "name" },
          { title: t("chain.col.department"), dataIndex: "departmentName" },
          { title: t("chain.col.promised"), dataIndex: "promisedDays", align: "right" },
          { title: t("chain.col.statutory"), dataIndex: "statutoryDays", align: "right" },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              {t("chain.time.sum")}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {guide.separateDays}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
          </Table.Summary.Row>
        )}
      />
    </Flex>
  );
}

/** 一套材料: each material once, with the items that use it and the certificates accepted in its place. */
export function ChainMaterialsTable({ guide }: { guide: Omit<ChainGuideView, "formSchema"> }) {
  const t = useT();
  return (
    <Table
      size="small"
      rowKey="code"
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={guide.materials}
      columns={[
        {
          title: t("chain.col.material"),
          dataIndex: "name",
          render: (name: string, m) => (
            <Flex vertical gap={2}>
              <span>
                {name} {m.required ? <Tag color="red">{t("apply.required")}</Tag> : null}
              </span>
              {m.note ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.note}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        { title: t("chain.col.form"), dataIndex: "form", render: (f: string) => materialFormLabel(f, t) },
        {
          title: t("chain.col.usedBy"),
          dataIndex: "items",
          render: (items: string[]) => (
            <Flex wrap gap={4}>
              {items.map((i) => (
                <Tag key={i}>{i}</Tag>
              ))}
            </Flex>
          ),
        },
        {
          title: t("chain.col.reuse"),
          dataIndex: "acceptedResultTypes",
          render: (types: string[]) => (types.length ? t("chain.material.reusable") : "—"),
        },
      ]}
    />
  );
}

/** What is passed on automatically from one stage to the next (trust level A, nothing to upload). */
export function Handoffs({ guide }: { guide: Omit<ChainGuideView, "formSchema"> }) {
  const t = useT();
  if (!guide.handoffs.length && !guide.waived.length)
    return <Typography.Text type="secondary">{t("chain.handoff.none")}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {guide.handoffs.map((h) => (
        <li key={`${h.from}-${h.to}-${h.requirementCode}`} style={{ marginBottom: 4 }}>
          {t("chain.handoff.line", { from: h.from, result: h.resultTypeName, to: h.to })}
        </li>
      ))}
      {guide.waived.map((w) => (
        <li key={`waived-${w.item}-${w.requirementCode}`} style={{ marginBottom: 4 }}>
          {t("chain.handoff.waived", { item: w.item, reason: w.reason })}
        </li>
      ))}
    </ul>
  );
}
