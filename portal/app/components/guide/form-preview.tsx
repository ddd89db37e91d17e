import { Flex, Tag, Typography } from "antd";
import { useT } from "../../i18n/index.ts";
import { formFieldsOf } from "../../lib/form-schema.ts";

/** 申请表单: the fields the online form will ask for, so applicants can prepare. */
export function FormPreview({ schema }: { schema: Record<string, unknown> }) {
  const t = useT();
  const fields = formFieldsOf(schema);
  if (fields.length === 0) return <Typography.Text type="secondary">{t("guide.form.none")}</Typography.Text>;
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }}>
      {fields.map((f) => (
        <li key={f.name} style={{ marginBottom: 6 }}>
          <Flex wrap gap={8} align="center">
            <span>{f.title}</span>
            {f.required ? (
              <Tag color="red">{t("guide.form.required")}</Tag>
            ) : (
              <Tag>{t("guide.form.optional")}</Tag>
            )}
            {f.description ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {f.description}
              </Typography.Text>
            ) : null}
          </Flex>
        </li>
      ))}
    </ol>
  );
}
