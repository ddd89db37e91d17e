import { Form as AntForm, Button, Checkbox, Flex, Input, Radio, Space, Typography } from "antd";
import type { ReactNode } from "react";
import { Form, useNavigation } from "react-router";
import type { CaseActionType, WorkbenchCaseDetail } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";

type Requirement = WorkbenchCaseDetail["requirements"][number];

/** One action's form: posts `intent` and the version the page showed, so a stale page gets CONFLICT. */
function Shell({ intent, version, children }: { intent: string; version: number; children: ReactNode }) {
  return (
    <Form method="post" aria-label={intent}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      {children}
    </Form>
  );
}

function Field({ label, children, required }: { label: string; children: ReactNode; required?: boolean }) {
  return (
    <AntForm.Item label={label} layout="vertical" required={required} style={{ marginBottom: 12 }}>
      {children}
    </AntForm.Item>
  );
}

function Submit({
  label,
  name,
  value,
  danger,
}: {
  label: string;
  name?: string;
  value?: string;
  danger?: boolean;
}) {
  const busy = useNavigation().state !== "idle";
  return (
    <Button type="primary" danger={danger} htmlType="submit" name={name} value={value} loading={busy}>
      {label}
    </Button>
  );
}

function Text({ name, label, required = true }: { name: string; label: MessageKey; required?: boolean }) {
  const t = useT();
  return (
    <Field label={t(label)} required={required}>
      <Input.TextArea name={name} rows={2} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
    </Field>
  );
}

const SPECIAL_KINDS = ["hearing", "inspection", "testing", "expert_review"] as const;

/** The form of one allowed action; its fields are the action's (chain/flow/actions.ts). */
export function ActionForm({
  type,
  version,
  requirements,
}: {
  type: CaseActionType;
  version: number;
  requirements: Requirement[];
}) {
  const t = useT();
  const shell = (children: ReactNode) => (
    <Shell intent={type} version={version}>
      {children}
    </Shell>
  );
  const confirm = (hint: MessageKey) =>
    shell(
      <Flex vertical gap={12} align="start">
        <Typography.Text type="secondary">{t(hint)}</Typography.Text>
        <Submit label={t(`wb.action.${type}` as MessageKey)} />
      </Flex>,
    );
  switch (type) {
    case "receive":
      return confirm("wb.hint.receive");
    case "accept":
      return confirm("wb.hint.accept");
    case "deficiencyFulfilled":
      return confirm("wb.hint.deficiencyFulfilled");
    case "conclude":
      return confirm("wb.hint.conclude");
    case "refuse":
      return shell(
        <>
          <Text name="reason" label="wb.field.reason" />
          <Text name="legalBasis" label="wb.field.legalBasis" />
          <Submit label={t("wb.action.refuse")} danger />
        </>,
      );
    case "requestSupplement":
      return shell(
        <>
          <Typography.Paragraph type="secondary">{t("wb.hint.requestSupplement")}</Typography.Paragraph>
          {/* One group, so every ticked material posts as another "codes" value. */}
          <Checkbox.Group name="codes" style={{ display: "block" }}>
            {requirements.map((r) => (
              <Flex key={r.code} vertical gap={4} style={{ marginBottom: 12 }}>
                <Checkbox value={r.code}>
                  {r.name}（{r.code}）
                </Checkbox>
                <Input
                  name={`problem.${r.code}`}
                  maxLength={2000}
                  placeholder={t("wb.field.problem")}
                  aria-label={`${r.name} ${t("wb.field.problem")}`}
                />
              </Flex>
            ))}
          </Checkbox.Group>
          <Submit label={t("wb.action.requestSupplement")} />
        </>,
      );
    case "acceptWithDeficiency":
      return shell(
        <>
          <Field label={t("wb.field.materialCode")} required>
            <Radio.Group name="materialCode">
              <Space orientation="vertical">
                {requirements.map((r) => (
                  <Radio key={r.code} value={r.code}>
                    {r.name}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Field>
          <Field label={t("wb.field.dueOn")} required>
            <Input type="date" name="dueOn" />
          </Field>
          <Field label={t("wb.field.signedCommitment")} required>
            <Checkbox.Group name="signedCommitment">
              <Checkbox value="true">{t("wb.hint.signedCommitment")}</Checkbox>
            </Checkbox.Group>
          </Field>
          <Submit label={t("wb.action.acceptWithDeficiency")} />
        </>,
      );
    case "commitmentApproval":
      return shell(
        <>
          <Text name="commitmentText" label="wb.field.commitmentText" />
          <Field label={t("wb.field.verifyBy")} required>
            <Input type="date" name="verifyBy" />
          </Field>
          <Submit label={t("wb.action.commitmentApproval")} />
        </>,
      );
    case "review":
      return shell(
        <>
          <Text name="text" label="wb.field.opinionOrReason" required={false} />
          <Space wrap>
            <Submit label={t("wb.review.pass")} name="pass" value="true" />
            <Submit label={t("wb.review.return")} name="pass" value="false" danger />
          </Space>
        </>,
      );
    case "skip":
    case "return":
      return shell(
        <>
          <Text name="reason" label="wb.field.reason" />
          <Submit label={t(`wb.action.${type}`)} danger={type === "return"} />
        </>,
      );
    case "startSpecialProcedure":
      return shell(
        <>
          <Field label={t("wb.field.kind")} required>
            <Radio.Group name="kind" defaultValue="hearing">
              <Space wrap>
                {SPECIAL_KINDS.map((k) => (
                  <Radio key={k} value={k}>
                    {t(`wb.special.${k}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Field>
          <Text name="reason" label="wb.field.reason" />
          <Submit label={t("wb.action.startSpecialProcedure")} />
        </>,
      );
    case "endSpecialProcedure":
      return shell(
        <>
          <Text name="outcome" label="wb.field.outcome" />
          <Submit label={t("wb.action.endSpecialProcedure")} />
        </>,
      );
    case "extend":
      return shell(
        <>
          <Field label={t("wb.field.days")} required>
            <Input type="number" name="days" min={1} max={60} step={1} inputMode="numeric" />
          </Field>
          <Field label={t("wb.field.approvedBy")} required>
            <Input name="approvedBy" maxLength={100} />
          </Field>
          <Text name="reason" label="wb.field.reason" />
          <Field label={t("wb.field.otherLaw")}>
            <Input name="otherLaw" maxLength={500} placeholder={t("wb.hint.otherLaw")} />
          </Field>
          <Submit label={t("wb.action.extend")} />
        </>,
      );
    case "decide":
      return shell(
        <>
          <Text name="reasons" label="wb.field.reasons" />
          <Space wrap>
            <Submit label={t("wb.decision.approve")} name="approve" value="true" />
            <Submit label={t("wb.decision.deny")} name="approve" value="false" danger />
          </Space>
        </>,
      );
    case "arbitrate":
      return shell(
        <>
          <Text name="reason" label="wb.field.reason" />
          <Space wrap>
            <Submit label={t("wb.arbitrate.pass")} name="pass" value="true" />
            <Submit label={t("wb.arbitrate.fail")} name="pass" value="false" danger />
          </Space>
        </>,
      );
    default:
      return null;
  }
}
