import { Alert, Badge, Button, Card, Flex, List } from "antd";
import { data, Form, Link } from "react-router";
import { MessageLine } from "../components/space/message-line.tsx";
import { useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-messages";

/** A page of messages: the newest, or those before `?before=<event id>` (400 when malformed). */
export async function loader({ context, request }: Route.LoaderArgs) {
  const before = new URL(request.url).searchParams.get("before");
  return callUseCase(() => context.services.mySpace.messages({ before }));
}

/** Mark one message (`id`) or all of them read; only the actor's own events can be marked. */
export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const ids = form.getAll("id").map(String);
  try {
    await context.services.mySpace.markRead(form.get("intent") === "all" ? "all" : ids);
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data({ error: e.message }, { status: statusOf(e) });
  }
  return { error: null };
}

/** 消息: one per case event that concerns the applicant, newest first, unread in bold; older pages by cursor. */
export default function SpaceMessages({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { messages, unread, before, older } = loaderData;
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          {t("space.nav.messages")}
          <Badge count={unread} overflowCount={999} />
        </Flex>
      }
      extra={
        unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="all" />
            <Button htmlType="submit" size="small">
              {t("space.msg.markAll")}
            </Button>
          </Form>
        ) : null
      }
    >
      {actionData?.error ? (
        <Alert type="error" showIcon title={actionData.error} style={{ marginBottom: 16 }} />
      ) : null}
      <List
        locale={{ emptyText: t("space.msg.empty") }}
        dataSource={messages}
        renderItem={(m) => (
          <List.Item
            key={m.id}
            extra={
              m.read ? null : (
                <Form method="post">
                  <input type="hidden" name="id" value={m.id} />
                  <Button htmlType="submit" size="small" type="link">
                    {t("space.msg.markRead")}
                  </Button>
                </Form>
              )
            }
          >
            <MessageLine m={m} />
          </List.Item>
        )}
      />
      {before || older ? (
        <Flex gap={16} wrap justify="center" style={{ marginTop: 16 }}>
          {before ? <Link to="/space/messages">{t("space.msg.newest")}</Link> : null}
          {older ? (
            <Link to={`/space/messages?before=${older}`} rel="next">
              {t("space.msg.older")}
            </Link>
          ) : null}
        </Flex>
      ) : null}
    </Card>
  );
}
