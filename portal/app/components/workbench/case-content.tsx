import { Descriptions, Table, Tag, Typography } from "antd";
import type { WorkbenchCaseDetail } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { materialFormLabel } from "../../lib/labels.ts";

/** 表单信息: the answers with the titles of the form the applicant filled in, in its order. */
export function FormAnswers({ form }: { form: WorkbenchCaseDetail["form"] }) {
  const t = useT();
  if (form.length === 0) return <Typography.Text type="secondary">{t("wb.form.empty")}</Typography.Text>;
  return (
    <Descriptions column={{ xs: 1, sm: 2, xl: 1, xxl: 2 }} size="small" bordered>
      {form.map((f) => (
        <Descriptions.Item key={f.name} label={f.title}>
          <span style={{ whiteSpace: "pre-wrap" }}>{f.value || "—"}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

type Row = WorkbenchCaseDetail["requirements"][number] & {
  given: WorkbenchCaseDetail["materials"];
};

/** 申请材料: each requirement of the item with what the case holds for it and a preview link. */
export function Materials({ c }: { c: Pick<WorkbenchCaseDetail, "requirements" | "materials"> }) {
  const t = useT();
  const rows: Row[] = c.requirements.map((r) => ({
    ...r,
    given: c.materials.filter((m) => m.requirementCode === r.code),
  }));
  // Materials filed under a requirement the item no longer lists are still shown.
  for (const m of c.materials) {
    if (!c.requirements.some((r) => r.code === m.requirementCode)) {
      rows.push({ code: m.requirementCode, name: m.requirementCode, required: false, form: "", given: [m] });
    }
  }
  return (
    <Table<Row>
      rowKey="code"
      size="small"
      pagination={false}
      scroll={{ x: 560 }}
      dataSource={rows}
      columns={[
        {
          key: "name",
          title: t("wb.material.name"),
          render: (_, r) => (
            <>
              {r.name} {r.required ? <Tag color="red">{t("wb.material.required")}</Tag> : null}
            </>
          ),
        },
        {
          key: "form",
          title: t("wb.material.form"),
          width: 90,
          render: (_, r) => (r.form ? materialFormLabel(r.form, t) : "—"),
        },
        {
          key: "given",
          title: t("wb.material.given"),
          render: (_, r) =>
            r.given.length === 0 ? (
              <Typography.Text type="secondary">{t("wb.material.none")}</Typography.Text>
            ) : (
              r.given.map((m) => (
                <div key={`${m.requirementCode}-${m.title}`}>
                  {m.kind === "result" ? <Tag color="blue">{t("wb.material.reused")}</Tag> : null}
                  {m.url ? (
                    <a href={m.url} target="_blank" rel="noreferrer">
                      {m.title}（{t("wb.material.preview")}）
                    </a>
                  ) : (
                    m.title
                  )}
                </div>
              ))
            ),
        },
      ]}
    />
  );
}
