/** Ten digit colours distinguishable in both themes (Tableau 10). */
export const DIGIT_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export const ARM_COLORS: Record<string, string> = {
  pretrained: '#2f6fdf',
  random: '#e15759',
  pca: '#59a14f',
  raw: '#9c755f',
};

/** Colours for the per-layer RBM curves, one per layer. */
export const LAYER_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#edc948', '#9c755f'];
