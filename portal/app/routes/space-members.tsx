import { Alert, Button, Card, Descriptions, Flex, Input, Radio, Select, Table, Tag } from "antd";
import { useState } from "react";
import { data, Form } from "react-router";
import type { InviteePreview, ScopeItem, SpaceMember } from "../../../registry/index.ts";
import { chinaDateTime } from "../components/workbench/case-overview.tsx";
import { type MessageKey, useT } from "../i18n/index.ts";
import { callUseCase, isDomainErrorLike, statusOf } from "../lib/errors.server.ts";
import type { Route } from "./+types/space-members";

/** Legal representative and admins only: anyone else gets the use case's 403. */
export async function loader({ context }: Route.LoaderArgs) {
  const s = context.services.mySpace;
  return { members: await callUseCase(() => s.members()), items: await callUseCase(() => s.scopeItems()) };
}

type ActionResult = { intent: string; error?: string; preview?: InviteePreview; done?: boolean };

/** lookup (masked preview), invite, or revoke; a refusal is shown in the page and writes nothing. */
export async function action({ context, request }: Route.ActionArgs) {
  const s = context.services.mySpace;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "lookup")
      return { intent, preview: await s.lookupInvitee(form.get("who")) } satisfies ActionResult;
    if (intent === "invite") {
      // One `items` field per chosen catalog item; the use case checks each against the catalog.
      const items = form.getAll("items").map(String).filter(Boolean);
      await s.invite({
        who: form.get("who"),
        role: form.get("role"),
        scope: form.get("scopeMode") === "all" ? "all" : items,
        validFrom: form.get("validFrom"),
        validTo: form.get("validTo"),
      });
      return { intent, done: true } satisfies ActionResult;
    }
    if (intent === "revoke") {
      await s.revokeMember({ memberId: form.get("memberId"), reason: form.get("reason") });
      return { intent, done: true } satisfies ActionResult;
    }
    return data({ intent, error: "请求无效，请刷新页面后重试" } satisfies ActionResult, { status: 400 });
  } catch (e) {
    if (!isDomainErrorLike(e)) throw e;
    return data({ intent, error: e.message } satisfies ActionResult, { status: statusOf(e) });
  }
}

const STATE_COLOR: Record<SpaceMember["state"], string> = {
  active: "green",
  pending: "blue",
  expired: "default",
  revoked: "red",
};

/** 成员管理: invite by ID number or phone, role, scope and validity; revoke with a reason; the whole history. */
/**
 * An agent's scope: all items, or items chosen from the catalog (searched by name or code). The choice is
 * posted as one hidden `items` field per item, so the form also works as a plain post.
 */
function ScopePicker({ items }: { items: ScopeItem[] }) {
  const t = useT();
  const [mode, setMode] = useState<"all" | "chosen">("all");
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <Flex vertical gap={8}>
      <Radio.Group name="scopeMode" value={mode} onChange={(e) => setMode(e.target.value)}>
        <Radio value="all">{t("space.scope.all")}</Radio>
        <Radio value="chosen">{t("space.mem.chosen")}</Radio>
      </Radio.Group>
      {mode === "chosen" ? (
        <>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            aria-label={t("space.mem.pick")}
            placeholder={t("space.mem.pick")}
            style={{ width: "100%", maxWidth: 640 }}
            value={chosen}
            onChange={setChosen}
            options={items.map((i) => ({
              value: i.code,
              label: `${i.name}（${i.code}）· ${i.departmentName}`,
            }))}
          />
          {chosen.map((c) => (
            <input key={c} type="hidden" name="items" value={c} />
          ))}
        </>
      ) : null}
    </Flex>
  );
}

export default function SpaceMembers({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { members, items } = loaderData;
  const names = new Map(items.map((i) => [i.code, i.name]));
  const a = actionData as ActionResult | undefined;
  return (
    <Flex vertical gap={16}>
      {a?.error ? <Alert type="error" showIcon title={a.error} role="alert" /> : null}
      {a?.done ? (
        <Alert
          type="success"
          showIcon
          title={t(a.intent === "revoke" ? "space.mem.revoked" : "space.mem.invited")}
        />
      ) : null}
      <Card title={t("space.mem.invite")}>
        <Form method="post">
          <Flex vertical gap={8}>
            <Flex wrap gap={8}>
              <Input
                name="who"
                placeholder={t("space.mem.who")}
                style={{ maxWidth: 280 }}
                required
                autoComplete="off"
              />
              <Button htmlType="submit" name="intent" value="lookup">
                {t("space.mem.lookup")}
              </Button>
            </Flex>
            {a?.preview ? (
              <Descriptions size="small" column={{ xs: 1, md: 3 }} title={t("space.mem.found")}>
                <Descriptions.Item label={t("space.mem.name")}>{a.preview.nameMasked}</Descriptions.Item>
                <Descriptions.Item label={t("space.idNumber")}>{a.preview.idNumberMasked}</Descriptions.Item>
                <Descriptions.Item label={t("space.mem.phone")}>
                  {a.preview.phoneMasked ?? "—"}
                </Descriptions.Item>
              </Descriptions>
            ) : null}
            <Radio.Group name="role" defaultValue="agent">
              <Radio value="agent">{t("auth.role.agent")}</Radio>
              <Radio value="admin">{t("auth.role.admin")}</Radio>
            </Radio.Group>
            <ScopePicker items={items} />
            <Flex wrap gap={8} align="center">
              {t("space.mem.validFrom")}
              <Input name="validFrom" type="date" required style={{ width: 160 }} />
              {t("space.mem.validTo")}
              <Input name="validTo" type="date" style={{ width: 160 }} />
            </Flex>
            <div>
              <Button htmlType="submit" type="primary" name="intent" value="invite">
                {t("space.mem.submit")}
              </Button>
            </div>
          </Flex>
        </Form>
      </Card>
      <Card title={`${t("space.nav.members")}（${members.length}）`}>
        <Table<SpaceMember>
          rowKey="id"
          size="middle"
          pagination={false}
          // Wide columns scroll sideways inside the card on a phone instead of squeezing names and scopes.
          scroll={{ x: 1200 }}
          dataSource={members}
          columns={[
            {
              key: "name",
              title: t("space.mem.name"),
              width: 220,
              render: (_, m) => `${m.person.name}（${m.person.idNumberMasked}）`,
            },
            {
              key: "role",
              title: t("space.role"),
              width: 100,
              render: (_, m) => t(`auth.role.${m.role}` as MessageKey),
            },
            {
              key: "scope",
              title: t("space.scope"),
              width: 240,
              render: (_, m) =>
                m.scope === "all" ? t("space.scope.all") : m.scope.map((c) => names.get(c) ?? c).join("、"),
            },
            {
              key: "valid",
              title: t("space.mem.validity"),
              width: 200,
              render: (_, m) => `${m.validFrom} ~ ${m.validTo ?? t("space.mat.noExpiry")}`,
            },
            {
              key: "state",
              title: t("space.col.status"),
              width: 200,
              render: (_, m) => (
                <div>
                  <Tag color={STATE_COLOR[m.state]}>{t(`space.mem.state.${m.state}`)}</Tag>
                  {m.revokedAt ? (
                    <div>
                      {chinaDateTime(m.revokedAt)} {m.revokeReason}
                    </div>
                  ) : null}
                </div>
              ),
            },
            {
              key: "ops",
              title: t("space.mat.ops"),
              width: 240,
              render: (_, m) =>
                m.state !== "revoked" && m.role !== "legal_rep" ? (
                  <Form method="post">
                    <input type="hidden" name="memberId" value={m.id} />
                    <Flex gap={4}>
                      <Input name="reason" size="small" placeholder={t("space.mem.reason")} required />
                      <Button htmlType="submit" name="intent" value="revoke" size="small" danger>
                        {t("space.mem.revoke")}
                      </Button>
                    </Flex>
                  </Form>
                ) : null,
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
