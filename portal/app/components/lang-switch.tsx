import { Button, Space } from "antd";
import { Form, useLocation } from "react-router";
import { LANGS, useLang, useT } from "../i18n/index.ts";

/** Posts the chosen language to /lang, which sets the cookie and redirects back; works without JS. */
export function LangSwitch() {
  const t = useT();
  const current = useLang();
  const location = useLocation();
  return (
    <Form method="post" action="/lang" className="tb-lang" aria-label={t("lang.label")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <Space size={4}>
        {LANGS.map((lang) => (
          <Button
            key={lang}
            htmlType="submit"
            name="lang"
            value={lang}
            size="small"
            // On the blue header a ghost default button shows white text and border; primary would vanish.
            type={lang === current ? "default" : "text"}
            ghost={lang === current}
            aria-current={lang === current}
            autoInsertSpace={false}
            style={lang === current ? undefined : { color: "rgba(255,255,255,0.85)" }}
          >
            {t(`lang.${lang}`)}
          </Button>
        ))}
      </Space>
    </Form>
  );
}
