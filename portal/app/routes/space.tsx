import { Alert, Button, Card, Col, Empty, Flex, List, Row, Statistic, Tag, Typography } from "antd";
import { data, Form, Link, redirect, useRouteLoaderData } from "react-router";
import { IdentityCard } from "../components/space/identity-card.tsx";
import { MessageLine } from "../components/space/message-line.tsx";
import { chinaDateTime } from "../components/workbench/case-overview.tsx";
import { type MessageKey, type TFunction, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/space";
import type { Route as LayoutRoute } from "./+types/space-layout";

export async function loader({ context, request }: Route.LoaderArgs) {
  const o = await callUseCase(() => context.services.mySpace.overview());
  return { ...o, done: new URL(request.url).searchParams.get("done") === "discardDraft" };
}

/** Discards one draft (`itemCode`); a refusal is shown in the page and deletes nothing. */
export async function action({ context, request }: Route.ActionArgs) {
  const form = await request.formData();
  if (form.get("intent") !== "discardDraft")
    return data({ error: "请求无效，请刷新页面后重试" }, { status: 400 });
  try {
    await context.services.mySpace.discardDraft(form.get("itemCode"));
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data({ error: e.message }, { status: statusOf(e) });
  }
  throw redirect("/space?done=discardDraft");
}

function waitingTag(t: TFunction, w: { reason: string; dueOn: string | null }) {
  if (w.reason === "supplement") return <Tag color="orange">{t("space.overview.waiting.supplement")}</Tag>;
  if (w.reason === "commitment")
    return <Tag color="purple">{t("space.overview.waiting.commitment", { dueOn: w.dueOn ?? "—" })}</Tag>;
  return <Tag color="orange">{t("space.overview.waiting.deficiency", { dueOn: w.dueOn ?? "—" })}</Tag>;
}

const SHOWN_STATUSES = ["submitted", "supplement_requested", "accepted", "in_review", "concluded"] as const;

/** The overview: who the actor is, counts by status, what waits for them, what expires, the latest messages. */
export default function SpaceOverview({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const layout = useRouteLoaderData("routes/space-layout") as LayoutRoute.ComponentProps["loaderData"];
  const { counts, waiting, expiring, recentMessages, drafts, done } = loaderData;
  const others = Object.entries(counts)
    .filter(([s]) => !(SHOWN_STATUSES as readonly string[]).includes(s))
    .reduce((n, [, v]) => n + v, 0);
  return (
    <Flex vertical gap={16}>
      {layout ? <IdentityCard user={layout.user} /> : null}
      <Card title={t("space.overview.counts")}>
        <Row gutter={[16, 16]}>
          {SHOWN_STATUSES.map((s) => (
            <Col xs={12} sm={8} md={4} key={s}>
              <Link to={`/space/cases?status=${s}`}>
                <Statistic title={t(`status.${s}` as MessageKey)} value={counts[s] ?? 0} />
              </Link>
            </Col>
          ))}
          <Col xs={12} sm={8} md={4}>
            <Statistic title={t("space.overview.other")} value={others} />
          </Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t("space.overview.waiting")}>
            <List
              locale={{ emptyText: <Empty description={t("space.overview.waiting.empty")} /> }}
              dataSource={waiting}
              renderItem={(w) => (
                <List.Item>
                  <span style={{ overflowWrap: "anywhere" }}>
                    <Link to={`/space/cases/${w.id}`}>{w.caseNo}</Link> {w.itemName} {waitingTag(t, w)}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("space.overview.expiring")}>
            <List
              locale={{ emptyText: <Empty description={t("space.overview.expiring.empty")} /> }}
              dataSource={expiring}
              renderItem={(e) => (
                <List.Item>
                  <Link to={e.kind === "result" ? `/space/results/${e.id}` : "/space/materials"}>
                    {e.title}
                  </Link>{" "}
                  <Tag color="red">{t("space.overview.validUntil", { date: e.validUntil })}</Tag>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t("space.drafts.title")}>
        {actionData?.error ? (
          <Alert type="error" showIcon title={actionData.error} role="alert" style={{ marginBottom: 12 }} />
        ) : null}
        {done && !actionData?.error ? (
          <Alert type="success" showIcon title={t("space.drafts.discarded")} style={{ marginBottom: 12 }} />
        ) : null}
        <List
          locale={{ emptyText: <Empty description={t("space.drafts.empty")} /> }}
          dataSource={drafts}
          renderItem={(d) => (
            <List.Item
              key={d.id}
              actions={[
                <Link key="resume" to={`/items/${d.itemCode}/apply`}>
                  {t("space.drafts.resume")}
                </Link>,
                <Form key="discard" method="post">
                  <input type="hidden" name="intent" value="discardDraft" />
                  <input type="hidden" name="itemCode" value={d.itemCode} />
                  <Button htmlType="submit" size="small" type="link" danger style={{ padding: 0 }}>
                    {t("space.drafts.discard")}
                  </Button>
                </Form>,
              ]}
            >
              <List.Item.Meta
                title={<span style={{ overflowWrap: "anywhere" }}>{d.itemName}</span>}
                description={
                  <Typography.Text type="secondary">
                    {t("space.drafts.savedAt", { at: chinaDateTime(d.updatedAt), step: d.step })}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <Card
        title={t("space.overview.messages")}
        extra={<Link to="/space/messages">{t("space.overview.more")}</Link>}
      >
        <List
          locale={{ emptyText: <Empty description={t("space.msg.empty")} /> }}
          dataSource={recentMessages}
          renderItem={(m) => (
            <List.Item key={m.id}>
              <MessageLine m={m} />
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
