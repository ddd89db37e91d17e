import { Alert, Collapse, Flex, Typography } from "antd";
import type { CaseActionType, WorkbenchCaseDetail } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { ActionForm } from "./action-forms.tsx";
import { actionLabel } from "./action-labels.ts";

/** The step's own action first (受理, 决定, 办结 …), then the others in the rule table's order. */
const MAIN_ACTIONS: readonly string[] = ["receive", "accept", "decide", "conclude", "arbitrate", "review"];
const rank = (a: string) => {
  const i = MAIN_ACTIONS.indexOf(a);
  return i === -1 ? MAIN_ACTIONS.length : i;
};

/** The actions this staff member may take now, each with its form; the step's main action open. */
export function ActionPanel({
  c,
  error,
  errorIntent,
}: {
  c: Pick<WorkbenchCaseDetail, "allowedActions" | "version" | "requirements">;
  error: string | null;
  errorIntent: string | null;
}) {
  const t = useT();
  const actions = [...(c.allowedActions as CaseActionType[])].sort((a, b) => rank(a) - rank(b));
  const open = errorIntent && actions.includes(errorIntent as CaseActionType) ? errorIntent : actions[0];
  return (
    <Flex vertical gap={12}>
      {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      {actions.length === 0 ? (
        <Typography.Text type="secondary">{t("wb.actions.none")}</Typography.Text>
      ) : (
        <Collapse
          // A new version (after an action) remounts the forms: fresh fields, the first action open.
          key={c.version}
          accordion
          defaultActiveKey={open}
          items={actions.map((type) => ({
            key: type,
            label: actionLabel(t, type),
            forceRender: true,
            children: <ActionForm type={type} version={c.version} requirements={c.requirements} />,
          }))}
        />
      )}
    </Flex>
  );
}
