export { runExperiment } from './pipeline/run-experiment.ts';
export type { Checkpoint, CheckpointSink, RunOptions } from './run-types.ts';
export { RunCancelledError } from './run-types.ts';
