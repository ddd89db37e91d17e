import { Alert, Form as AntForm, Button, Flex, Input, Radio, Table, Tag, Typography } from "antd";
import { Form, Link, useNavigation } from "react-router";
import type { VerificationTaskView } from "../../../../registry/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";

const STATUS_COLOR: Record<VerificationTaskView["status"], string> = {
  open: "blue",
  passed: "green",
  failed: "red",
};

/** Closing one open task: what the verification found, and whether the commitment held. */
function ResolveForm({ task, error }: { task: VerificationTaskView; error: string | null }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" aria-label={t("wb.verify.resolve")}>
      <input type="hidden" name="taskId" value={task.id} />
      <Flex vertical gap={8}>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
        <AntForm.Item label={t("wb.verify.finding")} layout="vertical" style={{ marginBottom: 0 }}>
          <Input.TextArea name="finding" maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </AntForm.Item>
        <Radio.Group name="passed" defaultValue="true">
          <Radio value="true">{t("wb.verify.passed")}</Radio>
          <Radio value="false">{t("wb.verify.failed")}</Radio>
        </Radio.Group>
        <Typography.Text type="secondary">{t("wb.verify.failedHint")}</Typography.Text>
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("wb.verify.resolve")}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}

/** 告知承诺 verification tasks: the case, the commitment, the due date; open ones can be closed in place. */
export function VerificationTable({
  tasks,
  error,
}: {
  tasks: VerificationTaskView[];
  error: { taskId: string | null; message: string } | null;
}) {
  const t = useT();
  return (
    <Table<VerificationTaskView>
      rowKey="id"
      size="middle"
      pagination={false}
      scroll={{ x: 720 }}
      locale={{ emptyText: t("wb.verify.empty") }}
      dataSource={tasks}
      expandable={{
        rowExpandable: (r) => r.status === "open",
        defaultExpandedRowKeys: error?.taskId ? [error.taskId] : [],
        expandedRowRender: (r) => (
          <ResolveForm task={r} error={error?.taskId === r.id ? error.message : null} />
        ),
      }}
      columns={[
        {
          key: "caseNo",
          title: t("wb.col.caseNo"),
          width: 210,
          render: (_, r) => <Link to={`/workbench/cases/${r.caseId}`}>{r.caseNo}</Link>,
        },
        { key: "item", title: t("wb.col.item"), dataIndex: "itemName" },
        { key: "applicant", title: t("wb.col.applicant"), dataIndex: "applicantName", width: 180 },
        {
          key: "commitment",
          title: t("wb.verify.commitment"),
          render: (_, r) => (
            <Typography.Paragraph ellipsis={{ rows: 2 }}>{r.commitmentText}</Typography.Paragraph>
          ),
        },
        {
          key: "dueOn",
          title: t("wb.verify.dueOn"),
          width: 120,
          render: (_, r) => (r.overdue ? <Tag color="red">{r.dueOn}</Tag> : r.dueOn),
        },
        {
          key: "status",
          title: t("wb.col.status"),
          width: 110,
          render: (_, r) => (
            <Tag color={STATUS_COLOR[r.status]}>{t(`wb.verify.status.${r.status}` as MessageKey)}</Tag>
          ),
        },
      ]}
    />
  );
}
