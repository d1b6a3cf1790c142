/** 32-bit FNV-1a: fast, and the same on every machine and run, so hashed buckets and persisted vectors stay valid. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
