import { afterAll, describe, expect, it } from "vitest";
import {
  freshDepartmentCode,
  freshUscc,
  makeDepartment,
  makePerson,
  personActor,
  unique,
} from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { assignStaff, listStaffPosts } from "./assign-staff.ts";
import {
  createDepartment,
  createRegion,
  createServiceCenter,
  createWindow,
  listDepartments,
} from "./create-org.ts";
import { Department, ServiceCenter, Staff, Window } from "./org.entity.ts";

afterAll(closeTestOrm);

function departmentInput(code: string, regionCode: string, level: "city" | "town" | "village" = "city") {
  return {
    code,
    name: `云港市组织测试局${code}`,
    shortName: "组织测试",
    level,
    regionCode,
    uscc: freshUscc("11"),
    phone: "0512-87654321",
    address: "云港市政务路 2 号",
  };
}

/** A region of its own (9 digits: a town-level code) so the test depends on no other region. */
async function makeRegion(): Promise<string> {
  const code = `9${String(unique()).padStart(8, "0").slice(-8)}`;
  await createRegion(await testCtx(), { code, name: "测试镇", level: "town", parentCode: null });
  return code;
}

/** A service center with a unique code. */
async function makeCenter(regionCode: string): Promise<string> {
  const code = `C-${unique()}`;
  await createServiceCenter(await testCtx(), {
    code,
    name: "云港市测试服务中心",
    level: "city",
    regionCode,
    address: "云港市政务路 1 号",
  });
  return code;
}

async function makeWindow(
  departmentCodes: string[],
  kind: "comprehensive" | "department" = "department",
): Promise<string> {
  const center = await makeCenter(await makeRegion());
  const code = `W-${unique()}`;
  await createWindow(await testCtx(), {
    code,
    name: kind === "department" ? "部门专窗" : "综合受理窗口",
    centerCode: center,
    kind,
    departmentCodes,
  });
  return code;
}

describe("createDepartment", () => {
  it("creates a department and returns its view", async () => {
    const region = await makeRegion();
    const code = freshDepartmentCode();
    const d = await createDepartment(await testCtx(), departmentInput(code, region, "town"));
    expect(d).toMatchObject({ code, level: "town", regionCode: region, parentCode: null });
    const row = await (await testCtx()).em.findOneOrFail(Department, { code });
    expect(row.id).toBe(d.id);
  });

  it("rejects a code that is not 2-10 capital letters", async () => {
    const region = await makeRegion();
    for (const code of ["ab", "A", "AB1", "ABCDEFGHIJK"]) {
      await expect(createDepartment(await testCtx(), departmentInput(code, region))).rejects.toMatchObject({
        code: "VALIDATION",
        details: [{ path: "code" }],
      });
    }
    expect(await (await testCtx()).em.count(Department, { regionCode: region })).toBe(0);
  });

  it("refuses an unknown region and writes nothing", async () => {
    const code = freshDepartmentCode();
    const unknownRegion = `8${String(unique()).padStart(8, "0").slice(-8)}`;
    await expect(
      createDepartment(await testCtx(), departmentInput(code, unknownRegion)),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "regionCode" }] });
    expect(await (await testCtx()).em.count(Department, { code })).toBe(0);
  });

  it("refuses an unknown parent department", async () => {
    const region = await makeRegion();
    const code = freshDepartmentCode();
    await expect(
      createDepartment(await testCtx(), {
        ...departmentInput(code, region),
        parentCode: freshDepartmentCode(),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "parentCode" }] });
    expect(await (await testCtx()).em.count(Department, { code })).toBe(0);
  });

  it("refuses a duplicate code", async () => {
    const d = await makeDepartment();
    await expect(
      createDepartment(await testCtx(), departmentInput(d.code, d.regionCode)),
    ).rejects.toMatchObject({ code: "DUPLICATE", details: [{ path: "code" }] });
    expect(await (await testCtx()).em.count(Department, { code: d.code })).toBe(1);
  });

  it("is only for administrators", async () => {
    const p = await makePerson();
    const region = await makeRegion();
    const code = freshDepartmentCode();
    await expect(
      createDepartment(await testCtx(personActor(p.id)), departmentInput(code, region)),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await (await testCtx()).em.count(Department, { code })).toBe(0);
  });
});

describe("service centers and windows", () => {
  it("creates a window serving existing departments", async () => {
    const a = await makeDepartment();
    const b = await makeDepartment();
    const code = await makeWindow([a.code, b.code]);
    const w = await (await testCtx()).em.findOneOrFail(Window, { code });
    expect([...w.departmentCodes].sort()).toEqual([a.code, b.code].sort());
  });

  it("refuses a window that serves an unknown department and writes nothing", async () => {
    const d = await makeDepartment();
    const center = await makeCenter(d.regionCode);
    const code = `W-${unique()}`;
    await expect(
      createWindow(await testCtx(), {
        code,
        name: "综合受理窗口",
        centerCode: center,
        kind: "comprehensive",
        departmentCodes: [d.code, freshDepartmentCode()],
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "departmentCodes" }] });
    expect(await (await testCtx()).em.count(Window, { code })).toBe(0);
  });

  it("refuses a window in an unknown center, and a duplicate center code", async () => {
    const d = await makeDepartment();
    const code = `W-${unique()}`;
    await expect(
      createWindow(await testCtx(), {
        code,
        name: "综合受理窗口",
        centerCode: `C-${unique()}`,
        kind: "department",
        departmentCodes: [d.code],
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "centerCode" }] });
    expect(await (await testCtx()).em.count(Window, { code })).toBe(0);

    const center = await makeCenter(d.regionCode);
    await expect(
      createServiceCenter(await testCtx(), {
        code: center,
        name: "重复中心",
        level: "city",
        regionCode: d.regionCode,
        address: "云港市政务路 3 号",
      }),
    ).rejects.toMatchObject({ code: "DUPLICATE" });
    expect(await (await testCtx()).em.count(ServiceCenter, { code: center })).toBe(1);
  });
});

describe("assignStaff", () => {
  it("refuses a department window of another department", async () => {
    const served = await makeDepartment();
    const other = await makeDepartment();
    const window = await makeWindow([served.code], "department");
    const p = await makePerson();
    await expect(
      assignStaff(await testCtx(), {
        personId: p.id,
        departmentCode: other.code,
        roles: ["clerk"],
        windowCode: window,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "windowCode" }] });
    expect(await (await testCtx()).em.count(Staff, { person: p.id })).toBe(0);
  });

  it("puts the hall's own clerks at a comprehensive window serving other departments", async () => {
    const hall = await makeDepartment();
    const served = await makeDepartment();
    const window = await makeWindow([served.code], "comprehensive");
    const p = await makePerson();
    const s = await assignStaff(await testCtx(), {
      personId: p.id,
      departmentCode: hall.code,
      roles: ["clerk"],
      windowCode: window,
    });
    expect(s).toMatchObject({ departmentCode: hall.code, windowCode: window });
  });

  it("refuses an unknown window", async () => {
    const d = await makeDepartment();
    const p = await makePerson();
    await expect(
      assignStaff(await testCtx(), {
        personId: p.id,
        departmentCode: d.code,
        roles: ["clerk"],
        windowCode: `W-${unique()}`,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "windowCode" }] });
    expect(await (await testCtx()).em.count(Staff, { person: p.id })).toBe(0);
  });

  it("puts a clerk at a window of the department", async () => {
    const d = await makeDepartment();
    const window = await makeWindow([d.code]);
    const p = await makePerson({ name: "窗口人员" });
    const s = await assignStaff(await testCtx(), {
      personId: p.id,
      departmentCode: d.code,
      roles: ["clerk", "clerk"],
      windowCode: window,
    });
    expect(s).toMatchObject({
      personId: p.id,
      personName: "窗口人员",
      departmentCode: d.code,
      departmentName: d.name,
      roles: ["clerk"],
      windowCode: window,
    });
  });

  it("replaces the roles and window of an existing post instead of adding a second one", async () => {
    const d = await makeDepartment();
    const window = await makeWindow([d.code]);
    const p = await makePerson();
    const first = await assignStaff(await testCtx(), {
      personId: p.id,
      departmentCode: d.code,
      roles: ["clerk"],
      windowCode: window,
    });
    const second = await assignStaff(await testCtx(), {
      personId: p.id,
      departmentCode: d.code,
      roles: ["reviewer", "approver"],
    });
    expect(second.id).toBe(first.id);
    expect(second.roles).toEqual(["reviewer", "approver"]);
    expect(second.windowCode).toBeNull();
    const posts = await listStaffPosts(await testCtx(), p.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({
      departmentCode: d.code,
      roles: ["reviewer", "approver"],
      windowCode: null,
    });
    expect(await (await testCtx()).em.count(Staff, { person: p.id })).toBe(1);
  });

  it("gives a person posts in several departments", async () => {
    const a = await makeDepartment();
    const b = await makeDepartment();
    const p = await makePerson();
    await assignStaff(await testCtx(), { personId: p.id, departmentCode: a.code, roles: ["clerk"] });
    await assignStaff(await testCtx(), { personId: p.id, departmentCode: b.code, roles: ["approver"] });
    const posts = await listStaffPosts(await testCtx(), p.id);
    expect(posts.map((x) => [x.departmentCode, x.roles]).sort()).toEqual(
      [
        [a.code, ["clerk"]],
        [b.code, ["approver"]],
      ].sort(),
    );
  });

  it("is only for administrators, and needs an existing person and department", async () => {
    const d = await makeDepartment();
    const p = await makePerson();
    await expect(
      assignStaff(
        await testCtx(personActor(p.id, { staff: { departmentId: d.id, roles: ["dept_admin"] } })),
        {
          personId: p.id,
          departmentCode: d.code,
          roles: ["approver"],
        },
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      assignStaff(await testCtx(), {
        personId: crypto.randomUUID(),
        departmentCode: d.code,
        roles: ["clerk"],
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "personId" }] });
    await expect(
      assignStaff(await testCtx(), {
        personId: p.id,
        departmentCode: freshDepartmentCode(),
        roles: ["clerk"],
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "departmentCode" }] });
    expect(await (await testCtx()).em.count(Staff, { person: p.id })).toBe(0);
  });
});

describe("listDepartments", () => {
  it("lists city departments before town ones, each level by code", async () => {
    const region = await makeRegion();
    // The town's code sorts before the city's, so only the level can put the city first.
    const townCode = `AA${freshDepartmentCode().slice(1, 8)}`;
    const cityCode = `ZZ${freshDepartmentCode().slice(1, 8)}`;
    await createDepartment(await testCtx(), departmentInput(townCode, region, "town"));
    await createDepartment(await testCtx(), departmentInput(cityCode, region, "city"));
    const list = await listDepartments(await testCtx());
    const codes = list.map((d) => d.code);
    expect(codes.indexOf(cityCode)).toBeGreaterThanOrEqual(0);
    expect(codes.indexOf(cityCode)).toBeLessThan(codes.indexOf(townCode));
    const rank = { city: 0, town: 1, village: 2 } as const;
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1], list[i]];
      expect(rank[a.level] < rank[b.level] || (a.level === b.level && a.code < b.code)).toBe(true);
    }
  });
});
