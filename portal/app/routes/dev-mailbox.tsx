import { Card, Empty, Flex, Typography } from "antd";
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
      {loaderData.messages.length === 0 ? (
        <Empty description={t("devMailbox.empty")} />
      ) : (
        // antd's List is deprecated in v6 (its successor Listy is a virtual list): a plain list does.
        <ol style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {loaderData.messages.map((m) => (
            <li key={m.id} style={{ padding: "12px 0", borderTop: "1px solid #f0f0f0" }}>
              <Flex wrap gap={12} align="baseline">
                <Typography.Text strong>{t("devMailbox.to", { to: m.toMasked })}</Typography.Text>
                <Typography.Text type="secondary">
                  <time dateTime={m.sentAt}>{time.format(new Date(m.sentAt))}</time>
                </Typography.Text>
              </Flex>
              <Typography.Paragraph
                copyable
                style={{ margin: "4px 0 0", whiteSpace: "pre-wrap", wordBreak: "break-all" }}
              >
                {m.body}
              </Typography.Paragraph>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
