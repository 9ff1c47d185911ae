/** Leading bytes of the formats whose declared type we correct, as the reference does by sniffing. */
const SIGNATURES: [string, number[], number][] = [
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0],
  ["image/jpeg", [0xff, 0xd8, 0xff], 0],
  ["image/gif", [0x47, 0x49, 0x46, 0x38], 0],
  ["image/webp", [0x57, 0x45, 0x42, 0x50], 8],
  ["video/mp4", [0x66, 0x74, 0x79, 0x70], 4],
];

/** The MIME type the bytes show, else the declared one, else application/octet-stream. */
export function sniffMimeType(bytes: Uint8Array, declared: string | undefined): string {
  for (const [type, magic, offset] of SIGNATURES) {
    if (magic.every((b, i) => bytes[offset + i] === b)) return type;
  }
  return declared && declared !== "*/*" ? declared : "application/octet-stream";
}
