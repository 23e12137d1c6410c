/**
 * A CSS font-family list that can stand inside a double-quoted XML attribute: ECharts writes the
 * family into `style="font-family:…"` of exported SVG as it is, so quoted names use single quotes.
 */
export function attributeSafeFontFamily(family: string): string {
  return family.replaceAll('"', "'");
}
