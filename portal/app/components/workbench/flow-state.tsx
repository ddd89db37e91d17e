import { Alert, Descriptions, Flex, Steps, Typography } from "antd";
import type { WorkbenchCaseDetail } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";
import { roleLabel } from "../../lib/labels.ts";

const CLOSED = new Set(["concluded", "refused", "returned", "withdrawn", "terminated"]);

/** 流程状态: the steps, and what is open on the case (notices, 容缺, 告知承诺, 特别程序, 延期, 仲裁). */
export function FlowState({ c }: { c: Pick<WorkbenchCaseDetail, "flow" | "status" | "requirements"> }) {
  const t = useT();
  const f = c.flow;
  const nameOf = (code: string) => c.requirements.find((r) => r.code === code)?.name ?? code;
  const current = f.steps.findIndex((s) => s.code === f.currentStep.code);
  return (
    <Flex vertical gap={12}>
      {f.arbitrationPending ? (
        <Alert type="warning" showIcon title={t("wb.flow.arbitrationPending")} />
      ) : null}
      <Steps
        size="small"
        orientation="vertical"
        current={current}
        status={CLOSED.has(c.status) ? "finish" : "process"}
        items={f.steps.map((s) => ({ title: s.name, content: roleLabel(s.role, t) }))}
      />
      {f.supplementNotices.length > 0 ? (
        <Flex vertical gap={8}>
          <Typography.Text strong>{t("wb.flow.notices")}</Typography.Text>
          {f.supplementNotices.map((n, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: notices are append-only; the index is the notice's number
            <div key={i}>
              <div>
                {t("wb.flow.notice", { n: i + 1, on: n.on })}
                {n.supplied === null
                  ? `（${t("wb.flow.noticeOpen")}）`
                  : `（${t("wb.flow.noticeAnswered")}）`}
              </div>
              {n.items.map((item) => (
                <Typography.Text key={item.code} type="secondary" style={{ display: "block" }}>
                  {nameOf(item.code)}：{item.problem}
                </Typography.Text>
              ))}
            </div>
          ))}
        </Flex>
      ) : null}
      <Descriptions column={1} size="small">
        {f.deficiency ? (
          <Descriptions.Item label={t("wb.flow.deficiency")}>
            {nameOf(f.deficiency.materialCode)} · {t("wb.flow.dueOn", { date: f.deficiency.dueOn })} ·{" "}
            {t(`wb.flow.deficiency.${f.deficiency.status}` as MessageKey)}
          </Descriptions.Item>
        ) : null}
        {f.verification ? (
          <Descriptions.Item label={t("wb.flow.verification")}>
            {f.verification.commitmentText} · {t("wb.flow.dueOn", { date: f.verification.dueOn })}
          </Descriptions.Item>
        ) : null}
        {f.specialProcedures.map((p) => (
          <Descriptions.Item key={`${p.kind}-${p.from}`} label={t("wb.flow.special")}>
            {t(`wb.special.${p.kind}` as MessageKey)}（{p.from} — {p.to ?? t("wb.flow.ongoing")}）：{p.reason}
            {p.outcome ? `；${t("wb.field.outcome")}：${p.outcome}` : ""}
          </Descriptions.Item>
        ))}
        {f.extensions.map((e) => (
          <Descriptions.Item key={`${e.on}-${e.days}`} label={t("wb.flow.extension")}>
            {t("wb.clock.days", { days: e.days })} · {e.approvedBy} · {e.on}：{e.reason}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Flex>
  );
}
