import {
  BACKEND_NAMES,
  DATASET_NAMES,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  RANDOM_INIT_NAMES,
  SEVERITY_LEVELS,
  type ExperimentConfig,
} from '../../../shared/config.ts';

/** `optional-number`: empty means the field is left out and the engine derives it. */
export type FieldKind = 'int' | 'number' | 'optional-number' | 'enum' | 'text' | 'layers' | 'bool' | 'set';

export interface FieldSpec {
  /** Dotted config path, the same one `--set` and validation errors use. */
  path: string;
  label: string;
  /** One line: what the field does and why it matters. */
  help: string;
  kind: FieldKind;
  /** Allowed values for `enum` and `set` fields. */
  options?: readonly (string | number)[];
  /** Shown only when this returns true for the current config. */
  visible?: (config: ExperimentConfig) => boolean;
}

export interface FieldGroup {
  id: string;
  title: string;
  fields: FieldSpec[];
}

const usesPretrainedArm = (c: ExperimentConfig): boolean => c.arms.includes('pretrained');
const usesMomentumOptimizer = (c: ExperimentConfig): boolean => c.finetune.optimizer === 'sgd';

export const FIELD_GROUPS: FieldGroup[] = [
  {
    id: 'data',
    title: 'Data',
    fields: [
      { path: 'dataset.name', label: 'Dataset', kind: 'enum', options: DATASET_NAMES, help: 'Images to learn from; idx reads any folder of IDX files.' },
      { path: 'dataset.path', label: 'IDX folder', kind: 'text', help: 'Folder holding the four IDX files (may be gzipped).', visible: (c) => c.dataset.name === 'idx' },
      { path: 'dataset.trainSize', label: 'Training images', kind: 'int', help: 'Images used for pretraining and fine-tuning (first N of the training set).' },
      { path: 'dataset.testSize', label: 'Test images', kind: 'int', help: 'Images every reported error and accuracy is measured on.' },
      { path: 'seed', label: 'Seed', kind: 'int', help: 'Same config and seed give the same numbers on the same backend.' },
    ],
  },
  {
    id: 'architecture',
    title: 'Architecture',
    fields: [
      { path: 'layers', label: 'Layer sizes', kind: 'layers', help: 'Encoder widths from pixels to code, e.g. 784-1000-500-250-30; the decoder mirrors it.' },
    ],
  },
  {
    id: 'pretrain',
    title: 'RBM pretraining',
    fields: [
      { path: 'pretrain.epochs', label: 'Epochs per layer', kind: 'int', help: 'Passes over the data for each RBM of the stack.', visible: usesPretrainedArm },
      { path: 'pretrain.batchSize', label: 'Batch size', kind: 'int', help: 'Images per contrastive-divergence update.', visible: usesPretrainedArm },
      { path: 'pretrain.cdK', label: 'CD-k steps', kind: 'int', help: 'Gibbs steps per update; the paper uses CD-1.', visible: usesPretrainedArm },
      { path: 'pretrain.learningRate', label: 'Learning rate', kind: 'number', help: 'Step size for weights and both biases of the logistic RBMs.', visible: usesPretrainedArm },
      { path: 'pretrain.topLearningRate', label: 'Top-layer learning rate', kind: 'number', help: 'Step size of the top RBM, whose hidden units are linear with Gaussian noise.', visible: usesPretrainedArm },
      { path: 'pretrain.initStd', label: 'Initial weight std', kind: 'number', help: 'Weights start as std · N(0,1); biases start at 0.', visible: usesPretrainedArm },
      { path: 'pretrain.momentum.initial', label: 'Momentum (initial)', kind: 'number', help: 'Momentum for the first epochs, while the weights are still far off.', visible: usesPretrainedArm },
      { path: 'pretrain.momentum.final', label: 'Momentum (final)', kind: 'number', help: 'Momentum once learning has settled.', visible: usesPretrainedArm },
      { path: 'pretrain.momentum.switchEpoch', label: 'Momentum switch epoch', kind: 'int', help: 'Epoch at which momentum changes from initial to final.', visible: usesPretrainedArm },
      { path: 'pretrain.weightDecay', label: 'Weight decay', kind: 'number', help: 'L2 penalty on weights only (not biases).', visible: usesPretrainedArm },
      { path: 'pretrain.monitorSize', label: 'Monitor images', kind: 'int', help: 'Test images whose reconstruction error is plotted after each RBM epoch.', visible: usesPretrainedArm },
    ],
  },
  {
    id: 'finetune',
    title: 'Fine-tuning',
    fields: [
      { path: 'finetune.optimizer', label: 'Optimizer', kind: 'enum', options: OPTIMIZER_NAMES, help: 'cg is the paper’s conjugate gradients; adam and sgd are faster per step.' },
      { path: 'finetune.learningRate', label: 'Learning rate', kind: 'number', help: 'Step size for adam and sgd (cg picks its own by line search).' },
      { path: 'finetune.momentum', label: 'Momentum', kind: 'number', help: 'Momentum for sgd.', visible: usesMomentumOptimizer },
      { path: 'finetune.lineSearches', label: 'Line searches', kind: 'int', help: 'Conjugate-gradient line searches per batch.', visible: (c) => c.finetune.optimizer === 'cg' },
      { path: 'finetune.epochs', label: 'Epochs', kind: 'int', help: 'Passes of backpropagation through the unrolled autoencoder.' },
      { path: 'finetune.batchSize', label: 'Batch size', kind: 'int', help: 'Images per update; the paper used mini-batches of 1000 for cg.' },
      { path: 'finetune.weightDecay', label: 'Weight decay', kind: 'number', help: 'L2 penalty during fine-tuning.' },
      { path: 'finetune.loss', label: 'Loss', kind: 'enum', options: LOSS_NAMES, help: 'Cross-entropy on logits (the paper) or mean squared error (the coursework).' },
      { path: 'finetune.randomInit', label: 'Random-arm init', kind: 'enum', options: RANDOM_INIT_NAMES, help: 'How the random arm’s weights start: Glorot uniform, or the RBM’s 0.1·N(0,1).' },
    ],
  },
  {
    id: 'arms',
    title: 'Arms and baselines',
    fields: [
      { path: 'arms', label: 'Arms', kind: 'set', options: ['pretrained', 'random'], help: 'The same network from RBM weights and from a random start.' },
      { path: 'baselines', label: 'Baselines', kind: 'set', options: ['pca', 'raw'], help: 'PCA with as many components as the code, and raw pixels.' },
    ],
  },
  {
    id: 'evaluation',
    title: 'Evaluation',
    fields: [
      { path: 'evaluation.tsne.points', label: 't-SNE points', kind: 'int', help: 'Test images placed on each map; 0 skips t-SNE.' },
      { path: 'evaluation.tsne.perplexity', label: 't-SNE perplexity', kind: 'number', help: 'Effective neighbours per point; 5–50 is usual.' },
      { path: 'evaluation.tsne.iterations', label: 't-SNE iterations', kind: 'int', help: 'Optimisation steps per map.' },
      { path: 'evaluation.tsne.learningRate', label: 't-SNE learning rate', kind: 'number', help: 'Step size of the t-SNE gradient descent.' },
      { path: 'evaluation.tsne.init', label: 't-SNE init', kind: 'enum', options: ['pca', 'random'], help: 'PCA start gives more stable global structure.' },
      { path: 'evaluation.logreg.l2', label: 'Logistic L2', kind: 'number', help: 'Ridge penalty of the logistic regression on codes.' },
      { path: 'evaluation.logreg.iterations', label: 'Logistic iterations', kind: 'int', help: 'Optimisation steps of the logistic regression.' },
      { path: 'evaluation.umap', label: 'UMAP maps too', kind: 'bool', help: 'Also map the same points with UMAP, a second projection beside t-SNE.' },
      { path: 'evaluation.reconstructions', label: 'Reconstructions', kind: 'bool', help: 'Keep a grid of test images and their reconstructions for each arm.' },
    ],
  },
  {
    id: 'debias',
    title: 'ColoredMNIST',
    fields: [
      { path: 'debias.skew', label: 'Colour skew', kind: 'number', help: 'Fraction of each digit drawn in its bias colour.', visible: (c) => c.dataset.name === 'colored-mnist' },
      { path: 'debias.severity', label: 'Severity', kind: 'enum', options: SEVERITY_LEVELS, help: 'How far conflicting colours are from the bias colour (1–5).', visible: (c) => c.dataset.name === 'colored-mnist' },
      { path: 'debias.contamination', label: 'Contamination', kind: 'optional-number', help: 'Share of each digit the detectors flag; empty means 1 − skew.', visible: (c) => c.dataset.name === 'colored-mnist' },
    ],
  },
  {
    id: 'runtime',
    title: 'Runtime',
    fields: [{ path: 'backend', label: 'Backend', kind: 'enum', options: BACKEND_NAMES, help: 'auto tries GPU, native CPU, WebAssembly, then plain JavaScript.' }],
  },
];

export const ALL_FIELDS: FieldSpec[] = FIELD_GROUPS.flatMap((g) => g.fields);
