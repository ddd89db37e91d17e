import { Alert, Form as AntForm, Button, Checkbox, Flex, Input, Radio } from "antd";
import { Form, useNavigation } from "react-router";
import type { WebhookSubscriptionView } from "../../../../registry/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";

/** The event types as checkboxes named `eventTypes` (the form posts every ticked one). */
function EventTypeChoices({ eventTypes, value }: { eventTypes: readonly string[]; value?: string[] }) {
  const t = useT();
  return (
    <Checkbox.Group
      name="eventTypes"
      defaultValue={value}
      options={eventTypes.map((e) => ({
        value: e,
        label: `${t(`admin.wh.event.${e}` as MessageKey)}（${e}）`,
      }))}
    />
  );
}

/** A new subscription: department, endpoint URL, event types. */
export function CreateWebhookForm({
  departments,
  eventTypes,
  error,
}: {
  departments: { code: string; name: string }[];
  eventTypes: readonly string[];
  error: string | null;
}) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" aria-label={t("admin.wh.new")}>
      <input type="hidden" name="intent" value="create" />
      <Flex vertical gap={8}>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
        <AntForm.Item label={t("admin.wh.department")} layout="vertical" style={{ marginBottom: 0 }}>
          <select name="departmentCode" className="ant-input" style={{ width: "100%", maxWidth: 420 }}>
            {departments.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}（{d.code}）
              </option>
            ))}
          </select>
        </AntForm.Item>
        <AntForm.Item label={t("admin.wh.url")} layout="vertical" style={{ marginBottom: 0 }}>
          <Input name="url" type="url" maxLength={500} placeholder="https://dept.example.gov.cn/hooks" />
        </AntForm.Item>
        <AntForm.Item label={t("admin.wh.eventTypes")} layout="vertical" style={{ marginBottom: 0 }}>
          <EventTypeChoices eventTypes={eventTypes} />
        </AntForm.Item>
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("admin.wh.create")}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}

/** Editing one subscription in place: URL, event types, active or deactivated. */
export function EditWebhookForm({
  sub,
  eventTypes,
  error,
}: {
  sub: WebhookSubscriptionView;
  eventTypes: readonly string[];
  error: string | null;
}) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" aria-label={t("admin.wh.edit")}>
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="id" value={sub.id} />
      <Flex vertical gap={8}>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
        <AntForm.Item label={t("admin.wh.url")} layout="vertical" style={{ marginBottom: 0 }}>
          <Input name="url" type="url" maxLength={500} defaultValue={sub.url} />
        </AntForm.Item>
        <AntForm.Item label={t("admin.wh.eventTypes")} layout="vertical" style={{ marginBottom: 0 }}>
          <EventTypeChoices eventTypes={eventTypes} value={sub.eventTypes} />
        </AntForm.Item>
        <Radio.Group name="active" defaultValue={sub.active ? "true" : "false"}>
          <Radio value="true">{t("admin.wh.activeOn")}</Radio>
          <Radio value="false">{t("admin.wh.activeOff")}</Radio>
        </Radio.Group>
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("admin.wh.save")}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}

/** The 重试 button of one dead letter. */
export function RetryButton({ deliveryId }: { deliveryId: string }) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="retry" />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Button size="small" htmlType="submit" loading={busy}>
        {t("admin.wh.retry")}
      </Button>
    </Form>
  );
}
