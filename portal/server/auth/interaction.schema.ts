import { z } from "zod";

export const ZUid = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, "登录会话无效");
export const ZPasswordLoginInput = z.object({
  login: z.string().trim().min(11, "请输入手机号或身份证号码").max(18, "请输入手机号或身份证号码"),
  password: z.string().min(1, "请输入密码").max(64),
});
export const ZSendCodeInput = z.object({ phone: z.string().trim().min(11, "请输入手机号").max(20) });
export const ZCodeLoginInput = z.object({
  phone: z.string().trim().min(11, "请输入手机号").max(20),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "验证码为 6 位数字"),
});
export const ZChooseInput = z.object({ enterpriseId: z.uuid("身份无效").nullable() });
