import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * A natural person: an individual applicant, an enterprise member or a staff member. The ID number
 * and phone are stored encrypted with a blind index for lookup and a masked copy for display.
 */
export const Person = defineEntity({
  name: "Person",
  tableName: "person",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    name: p.string().length(50),
    idType: p.string().length(20).default("resident_id"),
    idNumberEnc: p.text(),
    idNumberHash: p.string().length(64).unique(),
    idNumberMasked: p.string().length(20),
    phoneEnc: p.text().nullable(),
    phoneHash: p.string().length(64).nullable().index(),
    phoneMasked: p.string().length(20).nullable(),
    email: p.string().length(200).nullable(),
    address: p.string().length(200).default(""),
    /** 实名等级: 1 basic, 2 verified against the ID database, 3 face-verified. */
    realNameLevel: p.smallint().default(1),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IPerson = InferEntity<typeof Person>;
