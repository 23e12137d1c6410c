import type { ArmSide, ParsedInput, RequestOutput } from '../../shared/api.ts';
import { notFound } from '../../shared/errors.ts';
import type { Store } from '../store/store.ts';

type ArmRef = ParsedInput<'compareArms'>['a'];

function armSide(store: Store, ref: ArmRef): ArmSide & { config: unknown } {
  const detail = store.getExperiment(ref.experimentId);
  if (!detail) throw notFound('experiment', ref.experimentId);
  const ownPhase = `finetune:${ref.arm}`;
  const metrics = detail.metrics.filter((m) => m.phase === ownPhase || (ref.arm === 'pretrained' && m.phase.startsWith('pretrain:')));
  const reconstructions = detail.artifacts.filter((a) => a.kind === 'reconstructions' && a.phase === ownPhase).at(-1);
  const embedding = detail.artifacts.filter((a) => a.kind === 'embedding' && !a.name.startsWith('umap:') && a.name.endsWith(`:${ref.arm}`)).at(-1);
  return {
    experimentId: detail.id,
    experimentName: detail.name,
    status: detail.status,
    arm: ref.arm,
    result: detail.arms.find((a) => a.arm === ref.arm) ?? null,
    metrics,
    reconstructionsArtifactId: reconstructions?.id ?? null,
    embeddingArtifactId: embedding?.id ?? null,
    config: detail.config,
  };
}

function leaves(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) leaves(child, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
}

/** Every config field whose value differs between two configs, by dotted path. */
export function configDifferences(a: unknown, b: unknown): { path: string; a: unknown; b: unknown }[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  leaves(a, '', left);
  leaves(b, '', right);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  return paths
    .filter((path) => JSON.stringify(left.get(path)) !== JSON.stringify(right.get(path)))
    .map((path) => ({ path, a: left.get(path) ?? null, b: right.get(path) ?? null }));
}

/** Two arms side by side, from the same experiment or two different ones. */
export function compareArms(store: Store, input: ParsedInput<'compareArms'>): RequestOutput<'compareArms'> {
  const { config: configA, ...a } = armSide(store, input.a);
  const { config: configB, ...b } = armSide(store, input.b);
  return { a, b, configDifferences: configDifferences(configA, configB) };
}
