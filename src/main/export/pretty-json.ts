/** JSON indented by two spaces, with arrays of plain values kept on one line (`[784, 1000, 30]`). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s*([^[\]{}]*?)\s*\]/g, (_, items: string) => `[${items.split(/,\s*/).join(', ')}]`);
}
