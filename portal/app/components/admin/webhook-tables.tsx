import { Table, Tag, Typography } from "antd";
import type { WebhookDeliveryView, WebhookSubscriptionView } from "../../../../registry/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { EditWebhookForm, RetryButton } from "./webhook-forms.tsx";

const STATUS_COLOR: Record<WebhookDeliveryView["status"], string> = {
  pending: "blue",
  delivered: "green",
  dead: "red",
};

/** China time on the server and in the browser alike (no hydration mismatch). */
const time = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "—";

/** Subscriptions with their hint of the secret; each row expands into its edit form. */
export function SubscriptionTable({
  subs,
  eventTypes,
  error,
}: {
  subs: WebhookSubscriptionView[];
  eventTypes: readonly string[];
  error: { id: string | null; message: string } | null;
}) {
  const t = useT();
  return (
    <Table<WebhookSubscriptionView>
      rowKey="id"
      size="middle"
      pagination={false}
      scroll={{ x: 720 }}
      locale={{ emptyText: t("admin.wh.empty") }}
      dataSource={subs}
      expandable={{
        defaultExpandedRowKeys: error?.id ? [error.id] : [],
        expandedRowRender: (s) => (
          <EditWebhookForm
            sub={s}
            eventTypes={eventTypes}
            error={error?.id === s.id ? error.message : null}
          />
        ),
      }}
      columns={[
        { key: "dept", title: t("admin.wh.department"), width: 180, render: (_, s) => s.departmentName },
        {
          key: "url",
          title: t("admin.wh.url"),
          render: (_, s) => <Typography.Text copyable>{s.url}</Typography.Text>,
        },
        {
          key: "events",
          title: t("admin.wh.eventTypes"),
          render: (_, s) =>
            s.eventTypes.map((e) => <Tag key={e}>{t(`admin.wh.event.${e}` as MessageKey)}</Tag>),
        },
        {
          key: "active",
          title: t("admin.wh.active"),
          width: 90,
          render: (_, s) =>
            s.active ? (
              <Tag color="green">{t("admin.wh.activeOn")}</Tag>
            ) : (
              <Tag>{t("admin.wh.activeOff")}</Tag>
            ),
        },
        {
          key: "secret",
          title: t("admin.wh.secret"),
          width: 100,
          render: (_, s) => t("admin.wh.secretHint", { hint: s.secretHint }),
        },
      ]}
    />
  );
}

/** The delivery log; dead letters get a 重试 button. */
export function DeliveryTable({
  rows,
  empty,
  retry,
}: {
  rows: WebhookDeliveryView[];
  empty: string;
  retry?: boolean;
}) {
  const t = useT();
  return (
    <Table<WebhookDeliveryView>
      rowKey="id"
      size="small"
      pagination={false}
      scroll={{ x: 860 }}
      locale={{ emptyText: empty }}
      dataSource={rows}
      columns={[
        // First, so that the button is in view at phone width without scrolling the table.
        ...(retry
          ? [
              {
                key: "retry",
                title: "",
                width: 80,
                render: (_: unknown, d: WebhookDeliveryView) => <RetryButton deliveryId={d.id} />,
              },
            ]
          : []),
        { key: "time", title: t("admin.wh.col.time"), width: 160, render: (_, d) => time(d.createdAt) },
        {
          key: "event",
          title: t("admin.wh.col.event"),
          render: (_, d) => (
            <>
              {t(`admin.wh.event.${d.eventType}` as MessageKey)}{" "}
              <Typography.Text type="secondary">#{d.eventId}</Typography.Text>
              <br />
              <Typography.Text type="secondary">
                {d.departmentCode} → {d.url}
              </Typography.Text>
            </>
          ),
        },
        {
          key: "status",
          title: t("admin.wh.col.status"),
          width: 90,
          render: (_, d) => (
            <Tag color={STATUS_COLOR[d.status]}>{t(`admin.wh.status.${d.status}` as MessageKey)}</Tag>
          ),
        },
        { key: "attempts", title: t("admin.wh.col.attempts"), width: 90, dataIndex: "attempts" },
        { key: "code", title: t("admin.wh.col.code"), width: 80, render: (_, d) => d.lastStatusCode ?? "—" },
        { key: "error", title: t("admin.wh.col.error"), render: (_, d) => d.lastError ?? "—" },
        { key: "next", title: t("admin.wh.col.next"), width: 160, render: (_, d) => time(d.nextAttemptAt) },
      ]}
    />
  );
}
