import { z } from 'zod';
import { ARM_NAMES, BACKEND_NAMES, DATASET_NAMES, experimentConfigSchema } from './config.ts';
import { PRESET_NAMES, type PresetName } from './presets.ts';
import { ApiError, apiErrorPayloadSchema, fieldErrorSchema, type ApiErrorPayload } from './errors.ts';
import {
  armResultSchema,
  backendInfoSchema,
  baselineResultSchema,
  embeddingMapSchema,
  experimentSummarySchema,
  imageGridSchema,
  metricPointSchema,
  pipelineEventSchema,
} from './payload-schemas.ts';
import { MAX_SEEDS } from './seed-groups.ts';

/**
 * The contract between the renderer and the application service: every request (name,
 * input schema, output schema) and every event (name, payload schema). Both transports
 * (Electron IPC and the loopback host) and both ends validate with these schemas.
 */

export const EXPERIMENT_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const EXPORT_FORMATS = ['html', 'csv', 'results-csv', 'json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Formats that need Electron (printToPDF): only the desktop app offers them. */
export const DESKTOP_ONLY_EXPORT_FORMATS: readonly ExportFormat[] = ['pdf'];

/** At most this many test images per `getTestImages` call (a t-SNE map asks in batches). */
export const MAX_TEST_IMAGES_PER_REQUEST = 500;

export const ARTIFACT_KINDS = ['weights', 'reconstructions', 'embedding', 'figure'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export const LIST_SORT_FIELDS = ['createdAt', 'updatedAt', 'name', 'status', 'preset', 'dataset'] as const;

const MAX_ID = 2 ** 31 - 1;
export const idSchema = z.number().int().min(1).max(MAX_ID);
const nameSchema = z.string().trim().min(1).max(200);
const tagSchema = z.string().trim().min(1).max(50);
const tagsSchema = z.array(tagSchema).max(20);
const isoTime = z.string();
const empty = z.object({}).strict();

// ---- output shapes ----------------------------------------------------------------

export const experimentListItemSchema = z.object({
  id: idSchema,
  name: z.string(),
  status: z.enum(EXPERIMENT_STATUSES),
  preset: z.string().nullable(),
  dataset: z.string(),
  tags: z.array(z.string()),
  backend: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  error: z.string().nullable(),
  /** Where the last checkpoint stands, e.g. `finetune:random epoch 3`. */
  position: z.string().nullable(),
  /** Test-set reconstruction error per arm and baseline that has finished. */
  testSSE: z.record(z.string(), z.number()),
  /** The seed group (`workbench run --seeds N`) this run is member `index` (0-based) of; null for a single run. */
  group: z.object({ id: idSchema, index: z.number().int().min(0), size: z.number().int().min(1), baseSeed: z.number().int() }).nullable().optional(),
});
export type ExperimentListItem = z.infer<typeof experimentListItemSchema>;

export const artifactInfoSchema = z.object({
  id: idSchema,
  experimentId: idSchema,
  kind: z.enum(ARTIFACT_KINDS),
  name: z.string(),
  phase: z.string().nullable(),
  byteSize: z.number().int().min(0),
  createdAt: isoTime,
});
export type ArtifactInfo = z.infer<typeof artifactInfoSchema>;

export const evaluationSchema = z.object({
  /** e.g. `baseline:pca`, `tsne:pretrained`, `debias`. */
  key: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

export const baselineRecordSchema = z.object({ baseline: z.enum(['pca', 'raw']), result: baselineResultSchema });

const groupFigureSchema = z.object({
  key: z.string(),
  label: z.string(),
  subject: z.string(),
  measure: z.string(),
  better: z.enum(['lower', 'higher']),
  values: z.array(z.number().nullable()),
  n: z.number().int().min(0),
  mean: z.number(),
  sd: z.number().nullable(),
});

/** A seed group's figures as mean ± sample sd over its finished members (see src/shared/seed-groups.ts). */
export const groupSummarySchema = z.object({
  groupId: idSchema.nullable(),
  baseSeed: z.number().int(),
  seeds: z.array(z.number().int()),
  experimentIds: z.array(idSchema.nullable()),
  sd: z.literal('sample (n − 1)'),
  figures: z.array(groupFigureSchema),
  comparisons: z.array(
    z.object({
      first: z.string(),
      second: z.string(),
      difference: z.number(),
      spread: z.number().nullable(),
      verdict: z.enum(['first better', 'second better', 'within the spread', 'no spread']),
      sentence: z.string(),
    }),
  ),
});

export const experimentDetailSchema = experimentListItemSchema.extend({
  config: experimentConfigSchema,
  notes: z.string(),
  arms: z.array(armResultSchema),
  baselines: z.array(baselineRecordSchema),
  metrics: z.array(metricPointSchema),
  evaluations: z.array(evaluationSchema),
  artifacts: z.array(artifactInfoSchema),
  backendInfo: backendInfoSchema.nullable(),
  summary: experimentSummarySchema.nullable(),
  /** For a member of a seed group: the group's figures over its finished members. */
  groupSummary: groupSummarySchema.optional(),
});
export type ExperimentDetail = z.infer<typeof experimentDetailSchema>;

export const artifactContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reconstructions'), info: artifactInfoSchema, grid: imageGridSchema }),
  z.object({ kind: z.literal('embedding'), info: artifactInfoSchema, map: embeddingMapSchema }),
  /** float32 little-endian values, row-major in `shape`. */
  z.object({ kind: z.literal('weights'), info: artifactInfoSchema, shape: z.array(z.number().int()), base64: z.string() }),
  z.object({
    kind: z.literal('figure'),
    info: artifactInfoSchema,
    mimeType: z.string(),
    text: z.string().optional(),
    base64: z.string().optional(),
  }),
]);
export type ArtifactContent = z.infer<typeof artifactContentSchema>;

export const armRefSchema = z.object({ experimentId: idSchema, arm: z.enum(ARM_NAMES) }).strict();

export const armSideSchema = z.object({
  experimentId: idSchema,
  experimentName: z.string(),
  status: z.enum(EXPERIMENT_STATUSES),
  arm: z.enum(ARM_NAMES),
  result: armResultSchema.nullable(),
  /** The arm's fine-tuning curves, and the pretraining curves for the pretrained arm. */
  metrics: z.array(metricPointSchema),
  reconstructionsArtifactId: idSchema.nullable(),
  embeddingArtifactId: idSchema.nullable(),
});
export type ArmSide = z.infer<typeof armSideSchema>;

export const configDifferenceSchema = z.object({ path: z.string(), a: z.unknown(), b: z.unknown() });

export const backendOptionSchema = z.object({
  name: z.enum(BACKEND_NAMES),
  package: z.string(),
  installed: z.boolean(),
  native: z.boolean(),
  gpu: z.boolean(),
});

const listExperimentsInput = z
  .object({
    search: z.string().max(200).optional(),
    status: z.array(z.enum(EXPERIMENT_STATUSES)).max(EXPERIMENT_STATUSES.length).optional(),
    preset: z.string().max(50).optional(),
    dataset: z.enum(DATASET_NAMES).optional(),
    tag: tagSchema.optional(),
    sort: z
      .object({ field: z.enum(LIST_SORT_FIELDS), direction: z.enum(['asc', 'desc']) })
      .strict()
      .optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();

/**
 * The history file's write state: `locked` while another process holds its lock and `waiting`
 * run writes are queued behind it (retried in order); `unstored` names writes given up on.
 */
const historyStateSchema = z.object({ path: z.string(), locked: z.boolean(), waiting: z.number().int().nonnegative(), unstored: z.array(z.string()) });

// ---- the requests ------------------------------------------------------------------

export const requests = {
  listPresets: {
    input: empty,
    output: z.object({
      presets: z.array(z.object({ name: z.string(), description: z.string(), config: experimentConfigSchema })),
    }),
  },
  listBackends: {
    input: empty,
    output: z.object({
      backends: z.array(backendOptionSchema),
      /** What `auto` would pick on this machine, and why (e.g. WebGPU skipped for a software adapter). */
      auto: z.object({ name: z.enum(BACKEND_NAMES), reason: z.string() }).optional(),
    }),
  },
  /** Whether the history is locked by another process now (the `history-lock` event reports each change). */
  getHistoryState: {
    input: empty,
    output: historyStateSchema,
  },
  validateConfig: {
    input: z.object({ config: z.unknown() }).strict(),
    output: z.object({ ok: z.boolean(), errors: z.array(fieldErrorSchema) }),
  },
  createExperiment: {
    /** Give a full `config`, or a `preset` name to run that preset as it is. */
    input: z
      .object({
        config: experimentConfigSchema.optional(),
        preset: z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]).optional(),
        name: nameSchema.optional(),
        tags: tagsSchema.optional(),
        /** Run the configuration this many times (seeds seed, seed + 1, …) as one seed group. */
        seeds: z.number().int().min(1).max(MAX_SEEDS).optional(),
      })
      .strict()
      .refine((input) => (input.config === undefined) !== (input.preset === undefined), {
        message: 'give either config or preset (exactly one)',
        path: ['config'],
      }),
    /** `id` is the first run; with `seeds` above 1, `ids` are all the group's runs (queued in seed order) and `groupId` the group. */
    output: z.object({ id: idSchema, ids: z.array(idSchema).optional(), groupId: idSchema.optional() }),
  },
  cancelExperiment: {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ id: idSchema, status: z.enum(EXPERIMENT_STATUSES) }),
  },
  resumeExperiment: {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ id: idSchema, status: z.enum(EXPERIMENT_STATUSES) }),
  },
  listExperiments: {
    input: listExperimentsInput,
    output: z.object({ total: z.number().int().min(0), items: z.array(experimentListItemSchema) }),
  },
  getExperiment: {
    input: z.object({ id: idSchema }).strict(),
    output: experimentDetailSchema,
  },
  getArtifact: {
    input: z.object({ id: idSchema }).strict(),
    output: artifactContentSchema,
  },
  renameExperiment: {
    input: z.object({ id: idSchema, name: nameSchema }).strict(),
    output: z.object({ id: idSchema, name: z.string() }),
  },
  setNotes: {
    input: z.object({ id: idSchema, notes: z.string().max(20_000) }).strict(),
    output: z.object({ id: idSchema, notes: z.string() }),
  },
  setTags: {
    input: z.object({ id: idSchema, tags: tagsSchema }).strict(),
    output: z.object({ id: idSchema, tags: z.array(z.string()) }),
  },
  deleteExperiment: {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ id: idSchema, deleted: z.boolean() }),
  },
  cloneConfig: {
    input: z.object({ id: idSchema }).strict(),
    output: z.object({ config: experimentConfigSchema }),
  },
  compareArms: {
    input: z.object({ a: armRefSchema, b: armRefSchema }).strict(),
    output: z.object({ a: armSideSchema, b: armSideSchema, configDifferences: z.array(configDifferenceSchema) }),
  },
  getTestImages: {
    /** Test-set images of an experiment's data by index (the indices a t-SNE map's points carry). */
    input: z
      .object({
        experimentId: idSchema,
        indices: z
          .array(z.number().int('must be an integer').min(0, 'must be 0 or more').max(MAX_ID))
          .min(1, 'give at least one index')
          .max(MAX_TEST_IMAGES_PER_REQUEST, `at most ${MAX_TEST_IMAGES_PER_REQUEST} indices per request`),
      })
      .strict(),
    /** One entry per index, in order: height*width*channels bytes (0..255, channel-last), base64. */
    output: z.object({
      height: z.number().int().min(1),
      width: z.number().int().min(1),
      channels: z.number().int().min(1).max(4),
      images: z.array(z.string()),
    }),
  },
  exportExperiment: {
    input: z.object({ id: idSchema, format: z.enum(EXPORT_FORMATS) }).strict(),
    output: z.object({
      fileName: z.string(),
      mimeType: z.string(),
      text: z.string().optional(),
      base64: z.string().optional(),
    }),
  },
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
/** What a caller passes (optional fields may be left out). */
export type RequestInput<N extends RequestName> = z.input<Requests[N]['input']>;
/** What the service receives after validation. */
export type ParsedInput<N extends RequestName> = z.output<Requests[N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<Requests[N]['output']>;

// ---- the events --------------------------------------------------------------------

export const events = {
  /** An experiment changed status (queued, running, done, failed, cancelled, interrupted). */
  'run-state': z.object({
    experimentId: idSchema,
    status: z.enum(EXPERIMENT_STATUSES),
    error: z.string().optional(),
    position: z.string().optional(),
  }),
  /** One engine event of a running experiment: phase start/end, epoch metrics, progress, artifacts, logs, done. */
  pipeline: z.object({ experimentId: idSchema, event: pipelineEventSchema }),
  /** An experiment was created, renamed, retagged, annotated or deleted: lists should refresh. */
  'experiment-changed': z.object({ experimentId: idSchema, change: z.enum(['created', 'updated', 'deleted']) }),
  /** The history's write state changed: another process's lock started or cleared, or the writes waiting behind it changed. */
  'history-lock': historyStateSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** What `window.workbench` offers, over Electron IPC or the loopback host alike. */
export interface WorkbenchApi {
  readonly transport: 'electron' | 'host';
  invoke<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
  /** Calls `listener` for each event of that name; returns the function that stops it. */
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The service side: one handler per request, receiving validated input. */
export type ServiceHandlers = { [N in RequestName]: (input: ParsedInput<N>) => Promise<RequestOutput<N>> | RequestOutput<N> };

// ---- validation helpers shared by both ends -------------------------------------------

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

function fieldErrorsOf(error: z.ZodError, root: string): { path: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || root;
    if (issue.code === 'unrecognized_keys') return { path, message: `unknown field(s) ${issue.keys.join(', ')}` };
    return { path, message: issue.message };
  });
}

function describe(fields: { path: string; message: string }[]): string {
  return fields.map((f) => `${f.path}: ${f.message}`).join('; ');
}

/** Validates a request's input; throws `invalid-input` naming each bad field, or `unknown-request`. */
export function parseRequestInput<N extends RequestName>(name: N, input: unknown): ParsedInput<N>;
export function parseRequestInput(name: string, input: unknown): unknown;
export function parseRequestInput(name: string, input: unknown): unknown {
  if (!isRequestName(name)) {
    throw new ApiError('unknown-request', `unknown request "${name}" (known: ${REQUEST_NAMES.join(', ')})`);
  }
  const result = requests[name].input.safeParse(input ?? {});
  if (!result.success) {
    const fields = fieldErrorsOf(result.error, '(input)');
    throw new ApiError('invalid-input', `${name}: ${describe(fields)}`, fields);
  }
  return result.data;
}

/** Validates a response before a client trusts it. */
export function parseRequestOutput<N extends RequestName>(name: N, output: unknown): RequestOutput<N> {
  const result = requests[name].output.safeParse(output);
  if (!result.success) {
    const fields = fieldErrorsOf(result.error, '(output)');
    throw new ApiError('malformed', `${name} returned an invalid response: ${describe(fields)}`, fields);
  }
  return result.data as RequestOutput<N>;
}

/** Validates an event payload; undefined when it does not match (a client drops it). */
export function parseEventPayload<E extends EventName>(name: E, payload: unknown): EventPayload<E> | undefined {
  const result = events[name].safeParse(payload);
  return result.success ? (result.data as EventPayload<E>) : undefined;
}

// ---- envelopes: how a response travels over IPC and WebSocket ---------------------------

export const responseEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorPayloadSchema }),
]);
export type ResponseEnvelope = { ok: true; output: unknown } | { ok: false; error: ApiErrorPayload };

/** Unwraps an envelope: validates the output for `name` or re-throws the ApiError. */
export function openEnvelope<N extends RequestName>(name: N, envelope: unknown): RequestOutput<N> {
  const parsed = responseEnvelopeSchema.safeParse(envelope);
  if (!parsed.success) throw new ApiError('malformed', `${name}: the response is not a response envelope`);
  if (!parsed.data.ok) throw ApiError.fromPayload(parsed.data.error);
  return parseRequestOutput(name, parsed.data.output);
}
