/**
 * Colour-blind-safe palettes. Lines use Okabe & Ito (2008) without its yellow, which
 * vanishes on white; digit classes use Paul Tol's "muted" scheme plus black, and each
 * class also gets its own marker shape so the map still reads in greyscale.
 */
export const LINE_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

export const ARM_COLORS: Record<string, string> = {
  pretrained: '#0072B2',
  random: '#D55E00',
};

export const CLASS_COLORS = [
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933',
  '#DDCC77', '#CC6677', '#882255', '#AA4499', '#000000',
] as const;

const PLUS = 'path://M3,0H7V3H10V7H7V10H3V7H0V3H3Z';
const TRIANGLE_DOWN = 'path://M0,0H10L5,10Z';

export const CLASS_SYMBOLS = [
  'circle', 'rect', 'triangle', 'diamond', PLUS,
  TRIANGLE_DOWN, 'circle', 'rect', 'triangle', 'diamond',
] as const;

export const REFERENCE_LINE_COLOR = '#555555';

export const FONT_FAMILY = 'Helvetica, Arial, sans-serif';

export function lineColor(index: number): string {
  return LINE_COLORS[index % LINE_COLORS.length];
}

export function armColor(arm: string, fallbackIndex: number): string {
  return ARM_COLORS[arm] ?? lineColor(fallbackIndex + 2);
}

export function classColor(index: number): string {
  return CLASS_COLORS[index % CLASS_COLORS.length];
}

export function classSymbol(index: number): string {
  return CLASS_SYMBOLS[index % CLASS_SYMBOLS.length];
}
