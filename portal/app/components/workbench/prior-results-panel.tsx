import { Alert, Form as AntForm, Button, Flex, Input, Table, Typography } from "antd";
import { Form, useNavigation } from "react-router";
import type { PriorResult } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";

/**
 * 调取申请人历史证照: the purpose is required and recorded in the audit log with the case and the applicant;
 * the pulled results (every department's, still valid) are listed below.
 */
export function PriorResultsPanel({
  results,
  error,
}: {
  results: PriorResult[] | null;
  error: string | null;
}) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t("wb.pull.hint")}</Typography.Text>
      {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      <Form method="post">
        <input type="hidden" name="intent" value="pullResults" />
        <AntForm.Item label={t("wb.pull.purpose")} layout="vertical" required style={{ marginBottom: 12 }}>
          <Input name="purpose" maxLength={200} placeholder={t("wb.pull.placeholder")} />
        </AntForm.Item>
        <Button htmlType="submit" loading={busy}>
          {t("wb.pull.submit")}
        </Button>
      </Form>
      {results ? (
        <Table<PriorResult>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 640 }}
          locale={{ emptyText: t("wb.pull.empty") }}
          dataSource={results}
          columns={[
            { key: "name", title: t("wb.pull.type"), dataIndex: "name" },
            { key: "number", title: t("wb.pull.number"), dataIndex: "number" },
            { key: "issuer", title: t("wb.pull.issuer"), dataIndex: "issuer" },
            {
              key: "validity",
              title: t("wb.pull.validity"),
              render: (_, r) => `${r.validFrom} — ${r.validTo ?? t("wb.pull.noExpiry")}`,
            },
          ]}
        />
      ) : null}
    </Flex>
  );
}
