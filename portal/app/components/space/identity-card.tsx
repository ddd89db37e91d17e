import { Card, Descriptions } from "antd";
import { type MessageKey, useT } from "../../i18n/index.ts";
import type { SessionUser } from "../../services.ts";

/** Who the person acts as in this space (the person, or the enterprise with their role and scope). */
export function IdentityCard({ user }: { user: SessionUser }) {
  const t = useT();
  const ent = user.actingFor.type === "enterprise" ? user.actingFor : null;
  return (
    <Card title={ent ? t("space.enterprise") : t("space.person")}>
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t("space.actingAs")}>{ent ? ent.name : user.name}</Descriptions.Item>
        {ent ? (
          <>
            <Descriptions.Item label={t("space.uscc")}>{ent.uscc}</Descriptions.Item>
            <Descriptions.Item label={t("space.role")}>
              {user.name}（{t(`auth.role.${ent.role}` as MessageKey)}）
            </Descriptions.Item>
            <Descriptions.Item label={t("space.scope")}>
              {ent.scope === "all" ? t("space.scope.all") : ent.scope.join("、")}
            </Descriptions.Item>
          </>
        ) : (
          <>
            <Descriptions.Item label={t("space.idNumber")}>{user.idNumberMasked}</Descriptions.Item>
            <Descriptions.Item label={t("space.realName")}>L{user.realNameLevel}</Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Card>
  );
}
