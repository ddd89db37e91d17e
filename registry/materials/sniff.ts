/** Allowed material file types, recognised by their first bytes rather than by what the client claims. */
export const MATERIAL_TYPES = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  ofd: "application/ofd",
} as const;

/** The real type of an upload, or null when it is not one we accept. OFD (GB/T 33190) is a zip container. */
export function sniffMaterialType(
  head: Buffer,
  filename: string,
): { ext: keyof typeof MATERIAL_TYPES; mime: string } | null {
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return { ext: "pdf", mime: MATERIAL_TYPES.pdf };
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { ext: "png", mime: MATERIAL_TYPES.png };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff)
    return { ext: "jpg", mime: MATERIAL_TYPES.jpg };
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && /\.ofd$/i.test(filename)) {
    return { ext: "ofd", mime: MATERIAL_TYPES.ofd };
  }
  return null;
}
