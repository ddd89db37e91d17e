import { Card, Col, Empty, Flex, List, Row, Statistic, Tag } from "antd";
import { Link, useRouteLoaderData } from "react-router";
import { IdentityCard } from "../components/space/identity-card.tsx";
import { MessageLine } from "../components/space/message-line.tsx";
import { type MessageKey, useT } from "../i18n/index.ts";
import { callUseCase } from "../lib/errors.server.ts";
import type { Route } from "./+types/space";
import type { Route as LayoutRoute } from "./+types/space-layout";

export async function loader({ context }: Route.LoaderArgs) {
  return callUseCase(() => context.services.mySpace.overview());
}

const SHOWN_STATUSES = ["submitted", "supplement_requested", "accepted", "in_review", "concluded"] as const;

/** The overview: who the actor is, counts by status, what waits for them, what expires, the latest messages. */
export default function SpaceOverview({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const layout = useRouteLoaderData("routes/space-layout") as LayoutRoute.ComponentProps["loaderData"];
  const { counts, waiting, expiring, recentMessages } = loaderData;
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
                  <Link to={`/space/cases/${w.id}`}>{w.caseNo}</Link> {w.itemName}{" "}
                  <Tag color="orange">
                    {w.reason === "supplement"
                      ? t("space.overview.waiting.supplement")
                      : t("space.overview.waiting.deficiency", { dueOn: w.dueOn ?? "—" })}
                  </Tag>
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
