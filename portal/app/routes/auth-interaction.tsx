import { Alert, Form as AntForm, Button, Card, Flex, Input, Radio, Space, Tabs, Typography } from "antd";
import { Form, redirect, useNavigation } from "react-router";
import { metaT, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike } from "../lib/errors.server.ts";
import type { InteractionOutcome } from "../services.ts";
import type { Route } from "./+types/auth-interaction";

export function meta({ matches }: Route.MetaArgs) {
  return [{ title: metaT(matches)("auth.page.title") }];
}

function follow(outcome: InteractionOutcome) {
  if ("redirectTo" in outcome) throw redirect(outcome.redirectTo);
  return outcome.view;
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const outcome = await callUseCase(() => context.services.interaction.details(params.uid));
  return { view: follow(outcome) };
}

/** One form per step; a rule broken (wrong password, locked out, bad code) is shown in the page. */
export async function action({ params, context, request }: Route.ActionArgs) {
  const form = await request.formData();
  const field = (name: string) => String(form.get(name) ?? "");
  const svc = context.services.interaction;
  const uid = params.uid;
  try {
    switch (field("intent")) {
      case "password":
        return {
          view: follow(await svc.passwordLogin(uid, { login: field("login"), password: field("password") })),
        };
      case "send_code": {
        const r = await svc.sendCode(uid, { phone: field("phone") });
        return { codeSent: r.resendAfterSeconds, phone: field("phone") };
      }
      case "code":
        return { view: follow(await svc.codeLogin(uid, { phone: field("phone"), code: field("code") })) };
      case "choose": {
        const id = field("enterpriseId");
        throw redirect(
          (await svc.chooseIdentity(uid, { enterpriseId: id === "self" ? null : id })).redirectTo,
        );
      }
      case "abort":
        throw redirect((await svc.abort(uid)).redirectTo);
      default:
        return { error: "请求无效", phone: field("phone") };
    }
  } catch (e) {
    if (isDomainErrorLike(e)) return { error: e.message, phone: field("phone") };
    throw e;
  }
}

/**
 * The forms post as plain documents (reloadDocument), never as client-side fetches: the provider's
 * interaction cookie is scoped to this page's exact path, which a fetch of `<path>.data` does not match,
 * and the next step is a redirect into /oidc, which is not a route of this app.
 */
export default function AuthInteraction({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const view = (actionData && "view" in actionData && actionData.view) || loaderData.view;
  const error = actionData && "error" in actionData ? actionData.error : null;
  const codeSent = actionData && "codeSent" in actionData ? actionData.codeSent : null;
  const phone = actionData && "phone" in actionData ? actionData.phone : "";

  return (
    <Flex justify="center" style={{ padding: "32px 0" }}>
      <Card style={{ width: "100%", maxWidth: 440 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {view.step === "choose" ? t("auth.choose.title") : t("auth.title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {view.step === "choose"
            ? t("auth.choose.subtitle", { name: view.personName ?? "" })
            : t("auth.subtitle", { client: view.clientName })}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
        {view.step === "choose" ? (
          <Form method="post" reloadDocument>
            <input type="hidden" name="intent" value="choose" />
            <Radio.Group name="enterpriseId" defaultValue="self" style={{ width: "100%" }}>
              <Space orientation="vertical" style={{ width: "100%" }}>
                {(view.identities ?? []).map((i) => (
                  <Radio key={i.enterpriseId ?? "self"} value={i.enterpriseId ?? "self"}>
                    {i.name}
                    {i.role ? (
                      <Typography.Text type="secondary">
                        （{t(`auth.role.${i.role}` as "auth.role.agent")}）
                      </Typography.Text>
                    ) : null}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
            <Button type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 24 }}>
              {t("auth.choose.submit")}
            </Button>
          </Form>
        ) : (
          <Tabs
            items={[
              {
                key: "password",
                label: t("auth.tab.password"),
                children: (
                  <Form method="post" reloadDocument>
                    <input type="hidden" name="intent" value="password" />
                    <AntForm.Item label={t("auth.login.label")} layout="vertical" required>
                      <Input name="login" autoComplete="username" maxLength={18} autoFocus />
                    </AntForm.Item>
                    <AntForm.Item label={t("auth.password.label")} layout="vertical" required>
                      <Input.Password name="password" autoComplete="current-password" maxLength={64} />
                    </AntForm.Item>
                    <Button type="primary" htmlType="submit" block loading={busy}>
                      {t("auth.submit")}
                    </Button>
                  </Form>
                ),
              },
              {
                key: "sms",
                label: t("auth.tab.sms"),
                children: (
                  <Form method="post" reloadDocument>
                    <AntForm.Item label={t("auth.phone.label")} layout="vertical" required>
                      <Input name="phone" defaultValue={phone} autoComplete="tel" maxLength={20} />
                    </AntForm.Item>
                    <AntForm.Item label={t("auth.code.label")} layout="vertical">
                      <Space.Compact style={{ width: "100%" }}>
                        <Input name="code" inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
                        <Button htmlType="submit" name="intent" value="send_code">
                          {t("auth.sendCode")}
                        </Button>
                      </Space.Compact>
                    </AntForm.Item>
                    {codeSent ? (
                      <Alert
                        type="success"
                        title={t("auth.codeSent", { seconds: codeSent })}
                        style={{ marginBottom: 12 }}
                      />
                    ) : null}
                    {view.devMailbox ? (
                      <Typography.Paragraph type="secondary">
                        <a href="/dev/mailbox" target="_blank" rel="noreferrer">
                          {t("auth.devMailbox")}
                        </a>
                      </Typography.Paragraph>
                    ) : null}
                    <Button type="primary" htmlType="submit" name="intent" value="code" block loading={busy}>
                      {t("auth.submit")}
                    </Button>
                  </Form>
                ),
              },
            ]}
            defaultActiveKey={codeSent || phone ? "sms" : "password"}
          />
        )}
        <Form method="post" reloadDocument style={{ marginTop: 12, textAlign: "center" }}>
          <input type="hidden" name="intent" value="abort" />
          <Button type="link" htmlType="submit">
            {t("auth.cancel")}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
