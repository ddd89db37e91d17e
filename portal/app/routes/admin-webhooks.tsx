import { Alert, Card, Flex, Typography } from "antd";
import { data, redirect } from "react-router";
import { AdminTabs } from "../components/admin/admin-tabs.tsx";
import { CreateWebhookForm } from "../components/admin/webhook-forms.tsx";
import { DeliveryTable, SubscriptionTable } from "../components/admin/webhook-tables.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/admin-webhooks";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("admin.wh.meta") }];
}

/** Anonymous → sign-in; anyone but an admin or a dept_admin → 403 (from the use case). */
export async function loader({ context, request }: Route.LoaderArgs) {
  const view = await callUseCase(() => context.services.admin.webhooks());
  return { ...view, done: new URL(request.url).searchParams.get("done") };
}

const INTENTS = ["create", "update", "retry"] as const;
type Intent = (typeof INTENTS)[number];

/** Create, edit or retry; a refusal is shown beside its form and writes nothing. */
export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent")) as Intent;
  const id = form.get("id");
  const admin = context.services.admin;
  try {
    if (intent === "create") {
      const { secret, subscription } = await admin.createWebhook({
        departmentCode: form.get("departmentCode"),
        url: form.get("url"),
        eventTypes: form.getAll("eventTypes"),
      });
      return { created: { secret, url: subscription.url }, error: null };
    }
    if (intent === "update") {
      await admin.updateWebhook({
        id,
        url: form.get("url"),
        eventTypes: form.getAll("eventTypes"),
        active: form.get("active"),
      });
    } else if (intent === "retry") {
      await admin.retryWebhook(form.get("deliveryId"));
    } else {
      return data(
        { created: null, error: { intent: "create", id: null, message: "未知操作" } },
        { status: 400 },
      );
    }
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    const error = {
      intent,
      id: intent === "update" && typeof id === "string" ? id : null,
      message: e.message,
    };
    return data({ created: null, error }, { status: statusOf(e) });
  }
  throw redirect(`/admin/webhooks?done=${intent}`);
}

/** 部门推送订阅: subscriptions, a new one, the recent deliveries and the dead letters. */
export default function AdminWebhooks({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { subscriptions, recent, deadLetters, departments, eventTypes, done } = loaderData;
  const error = actionData?.error ?? null;
  const created = actionData?.created ?? null;
  return (
    <Flex vertical gap={16}>
      <AdminTabs current="/admin/webhooks" />
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t("admin.wh.title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t("admin.wh.intro")}</Typography.Paragraph>
      </div>
      {created ? (
        <Alert
          type="success"
          showIcon
          title={t("admin.wh.created")}
          description={
            <Typography.Text code copyable>
              {created.secret}
            </Typography.Text>
          }
        />
      ) : null}
      {done === "update" && !error ? <Alert type="success" showIcon title={t("admin.wh.updated")} /> : null}
      {done === "retry" && !error ? <Alert type="success" showIcon title={t("admin.wh.retried")} /> : null}
      {error && error.intent === "retry" ? (
        <Alert type="error" showIcon title={error.message} role="alert" />
      ) : null}
      <Card title={`${t("admin.wh.subscriptions")}（${subscriptions.length}）`}>
        <SubscriptionTable
          subs={subscriptions}
          eventTypes={eventTypes}
          error={error?.intent === "update" ? error : null}
        />
      </Card>
      <Card title={t("admin.wh.new")}>
        <CreateWebhookForm
          departments={departments}
          eventTypes={eventTypes}
          error={error?.intent === "create" ? error.message : null}
        />
      </Card>
      <Card title={`${t("admin.wh.dead")}（${deadLetters.length}）`}>
        <DeliveryTable rows={deadLetters} empty={t("admin.wh.deadEmpty")} retry />
      </Card>
      <Card title={t("admin.wh.recent")}>
        <DeliveryTable rows={recent} empty={t("admin.wh.recentEmpty")} />
      </Card>
    </Flex>
  );
}
