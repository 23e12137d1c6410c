const DISPLAY_NAMES: Record<string, string> = { pca: 'PCA', raw: 'raw pixels' };

/** How a reconstruction grid's row is named in a figure: its label, with acronyms spelled as such. */
export function gridRowName(label: string): string {
  return DISPLAY_NAMES[label] ?? label;
}
