import { Alert, Button, Card, Flex, Input, Space, Typography } from "antd";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { ProgressDiagram } from "../components/chain/progress-diagram.tsx";
import { LinkButton } from "../components/link-button.tsx";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import { chinaDate } from "../lib/labels.ts";
import type { Route } from "./+types/space-chain";

export function meta({ loaderData, matches }: Route.MetaArgs) {
  const t = metaT(matches);
  const p = loaderData?.page.progress;
  return [
    { title: p ? t("chain.meta.progress", { name: p.chainName, no: p.instanceNo }) : t("chain.meta.mine") },
  ];
}

const DONE = ["filed", "withdraw", "resubmit"] as const;

/** The applicant's chain instance (NOT_FOUND for anyone else's) and the notice of what was just done. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const page = await callUseCase(() => context.services.chains.progress(params.id));
  const q = new URL(request.url).searchParams;
  const said = q.get("filed") ? "filed" : q.get("done");
  const done = DONE.find((d) => d === said) ?? null;
  return { page, done };
}

/** 撤回 the whole chain with a reason; a refusal shows in the page and changes nothing. */
export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  if (form.get("intent") !== "withdraw")
    return data({ error: "请求无效，请刷新页面后重试" }, { status: 400 });
  try {
    await context.services.chains.withdraw(params.id, { reason: form.get("reason") });
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data({ error: e.message }, { status: statusOf(e) });
  }
  throw redirect(`/space/chains/${params.id}?done=withdraw`);
}

/** 一件事办理进度: the diagram, the clock, the blocked reason and what the applicant may do about it. */
export default function SpaceChain({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { page, done } = loaderData;
  const p = page.progress;
  const nav = useNavigation();
  const acts = p.applicantActions;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {p.chainName}
        </Typography.Title>
        <Link to="/space/chains">{t("chain.progress.back")}</Link>
      </Flex>
      {done ? <Alert type="success" showIcon title={t(`chain.done.${done}`)} /> : null}
      {actionData?.error ? <Alert type="error" showIcon role="alert" title={actionData.error} /> : null}
      <Card
        size="small"
        title={t("chain.progress.title", { no: p.instanceNo })}
        extra={chinaDate(p.submittedAt)}
      >
        <ProgressDiagram progress={p} openable={page.openable} caseHref={(id) => `/space/cases/${id}`} />
      </Card>
      {acts.resubmit.length || acts.withdraw ? (
        <Card size="small" title={t("chain.progress.actions")}>
          <Flex vertical gap={16}>
            {acts.resubmit.length ? (
              <Flex vertical gap={8} align="start">
                <Typography.Text>
                  {t("chain.resubmit.hint", { items: acts.resubmit.map((r) => r.name).join("、") })}
                </Typography.Text>
                <LinkButton to={`/space/chains/${p.id}/amend`} type="primary">
                  {t("chain.resubmit.button")}
                </LinkButton>
              </Flex>
            ) : null}
            {acts.withdraw ? (
              <Form method="post" aria-label="withdraw">
                <input type="hidden" name="intent" value="withdraw" />
                <Flex vertical gap={8}>
                  <Typography.Text type="secondary">{t("chain.withdraw.hint")}</Typography.Text>
                  <Input.TextArea
                    name="reason"
                    rows={2}
                    maxLength={500}
                    required
                    aria-label={t("chain.withdraw.reason")}
                    placeholder={t("chain.withdraw.reason")}
                  />
                  <Space>
                    <Button danger htmlType="submit" loading={nav.state === "submitting"}>
                      {t("chain.withdraw.button")}
                    </Button>
                  </Space>
                </Flex>
              </Form>
            ) : null}
          </Flex>
        </Card>
      ) : null}
    </Flex>
  );
}
