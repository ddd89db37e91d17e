import { Card, List, Typography } from "antd";
import { metaT, useLang, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/dev-mailbox";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("meta.devMailbox") }, { name: "robots", content: "noindex" }];
}

/** Development only: the service answers NOT_FOUND in production, so the page is a 404 there. */
export async function loader({ context }: Route.LoaderArgs) {
  const messages = await callUseCase(() => context.services.devMailbox.list());
  return { messages };
}

/** 开发邮箱: the sign-in codes the development SMS transport "sent", so sign-in can be tried without a phone. */
export default function DevMailbox({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const lang = useLang();
  const time = new Intl.DateTimeFormat(lang, {
    dateStyle: "short",
    timeStyle: "medium",
    timeZone: "Asia/Shanghai",
  });
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t("devMailbox.title")}</h1>}>
      <Typography.Paragraph type="secondary">{t("devMailbox.hint")}</Typography.Paragraph>
      <List
        dataSource={loaderData.messages}
        locale={{ emptyText: t("devMailbox.empty") }}
        rowKey="id"
        renderItem={(m) => (
          <List.Item>
            <List.Item.Meta
              title={
                <span>
                  {t("devMailbox.to", { to: m.toMasked })}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 12, fontWeight: "normal" }}>
                    <time dateTime={m.sentAt}>{time.format(new Date(m.sentAt))}</time>
                  </Typography.Text>
                </span>
              }
              description={<span style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>{m.body}</span>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
