import type Database from 'better-sqlite3';
import type {
  ArtifactContent,
  ArtifactInfo,
  ArtifactKind,
  Evaluation,
  ExperimentDetail,
  ExperimentListItem,
  ExperimentStatus,
} from '../../shared/api.ts';
import type { ArmName, ExperimentConfig } from '../../shared/config.ts';
import type { ArmResult, BackendInfo, BaselineResult, ExperimentSummary, MetricPoint } from '../../shared/results.ts';
import type { Checkpoint } from '../../engine/run-types.ts';
import { bufferToFloat32, decodeEmbedding, decodeGrid, float32ToBuffer, type EmbeddingMeta, type GridMeta } from './codec.ts';
import { buildListQuery, type ListQuery } from './list-query.ts';
import { namedStatement, namingFile, type NamedStatement } from './db-errors.ts';
import { openForReading, openForWriting } from './open-database.ts';
import { WriteQueue } from './write-queue.ts';

export interface NewExperiment {
  config: ExperimentConfig;
  name?: string;
  tags?: string[];
  status?: ExperimentStatus;
  ownerPid?: number;
  /** Member `index` (0-based) of the seed group `id`. */
  group?: { id: number; index: number };
}

export interface NewArtifact {
  kind: ArtifactKind;
  name: string;
  phase?: string | null;
  meta: Record<string, unknown>;
  data: Uint8Array;
}

/** Everything one epoch (or one event) adds to a run, written in a single transaction. */
export interface RunBatch {
  metrics?: MetricPoint[];
  arms?: ArmResult[];
  evaluations?: Evaluation[];
  /** Replaces an earlier artifact of the same kind, name and phase. */
  artifacts?: NewArtifact[];
  checkpoint?: Checkpoint;
  backend?: BackendInfo;
  summary?: ExperimentSummary;
}

interface ExperimentRow {
  id: number;
  name: string;
  status: ExperimentStatus;
  preset: string | null;
  dataset: string;
  config: string;
  notes: string;
  backend: string | null;
  backend_info: string | null;
  summary: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  owner_pid: number | null;
  heartbeat_at: string | null;
  cancel_requested: number;
  group_id?: number | null;
  group_index?: number | null;
}

interface ArtifactRow {
  id: number;
  experiment_id: number;
  kind: ArtifactKind;
  name: string;
  phase: string | null;
  meta: string;
  data: Buffer;
  created_at: string;
  byte_size?: number;
}

export interface OpenStoreOptions {
  /** better-sqlite3 built for another ABI (Electron's); see `npm run rebuild:electron`. */
  nativeBinding?: string;
  /** Read only: no WAL switch, no migration, nothing written; works on a read-only file or folder. */
  readonly?: boolean;
  /**
   * How long one statement waits for another process's lock (ms). Kept short because it blocks
   * the thread; a write that still finds the lock is queued and retried by `store.writes`.
   */
  busyTimeoutMs?: number;
  /** Create the file's folder if it is missing (default true; false for a path the user gave). */
  createFolder?: boolean;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 200;

const now = (): string => new Date().toISOString();

/** Runners write a heartbeat every few seconds; one silent this long has no live runner. */
const STALE_HEARTBEAT_MS = 5 * 60_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function defaultName(config: ExperimentConfig): string {
  return config.name ?? `${config.preset ?? 'custom'} ${config.layers.join('-')} seed ${config.seed}`;
}

function artifactInfo(row: ArtifactRow): ArtifactInfo {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    kind: row.kind,
    name: row.name,
    phase: row.phase,
    byteSize: row.byte_size ?? row.data.byteLength,
    createdAt: row.created_at,
  };
}

/**
 * The experiment history in one SQLite file (WAL). One instance per process; each method is
 * synchronous, and every error it throws names the file. Runs write through `writes`, which
 * queues and retries what finds the file locked by another process.
 */
export class Store {
  readonly db: Database.Database;
  readonly path: string;
  readonly readonly: boolean;
  readonly writes: WriteQueue;
  private readonly statements = new Map<string, NamedStatement>();

  constructor(path: string, options: OpenStoreOptions = {}) {
    this.path = path;
    this.readonly = options.readonly ?? false;
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    this.db = this.readonly
      ? openForReading(path, { nativeBinding: options.nativeBinding, busyTimeoutMs })
      : openForWriting(path, { nativeBinding: options.nativeBinding, busyTimeoutMs, createFolder: options.createFolder ?? true });
    this.writes = new WriteQueue(path);
  }

  close(): void {
    this.writes.abandon();
    this.db.close();
  }

  private sql(text: string): NamedStatement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private prepare(text: string): NamedStatement {
    return namedStatement(this.path, () => this.db.prepare(text));
  }

  /** Runs `body` in one transaction that takes the write lock at its start (so the busy timeout applies). */
  private transaction<T>(body: () => T): T {
    return namingFile(this.path, () => this.db.transaction(body).immediate());
  }

  private row(id: number): ExperimentRow | undefined {
    return this.sql('SELECT * FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined;
  }

  has(id: number): boolean {
    return this.row(id) !== undefined;
  }

  // ---- experiments ---------------------------------------------------------------

  createExperiment(input: NewExperiment): number {
    return this.transaction(() => {
      const time = now();
      const result = this.sql(
        `INSERT INTO experiments (name, status, preset, dataset, config, created_at, updated_at, owner_pid, group_id, group_index)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.name ?? defaultName(input.config),
        input.status ?? 'queued',
        input.config.preset ?? null,
        input.config.dataset.name,
        JSON.stringify(input.config),
        time,
        time,
        input.ownerPid ?? null,
        input.group?.id ?? null,
        input.group?.index ?? null,
      );
      const id = Number(result.lastInsertRowid);
      this.writeTags(id, input.tags ?? []);
      return id;
    });
  }

  /** A new seed group of `size` runs from `baseSeed`; its members name it when they are created. */
  createGroup(baseSeed: number, size: number): number {
    return Number(this.sql('INSERT INTO experiment_groups (base_seed, size, created_at) VALUES (?, ?, ?)').run(baseSeed, size, now()).lastInsertRowid);
  }

  /** The ids of a seed group's members still in the history, in seed order. */
  groupMembers(groupId: number): number[] {
    return (this.sql('SELECT id FROM experiments WHERE group_id = ? ORDER BY group_index, id').all(groupId) as { id: number }[]).map((r) => r.id);
  }

  private writeTags(id: number, tags: string[]): void {
    this.sql('DELETE FROM experiment_tags WHERE experiment_id = ?').run(id);
    const insert = this.sql('INSERT OR IGNORE INTO experiment_tags (experiment_id, tag) VALUES (?, ?)');
    for (const tag of tags) insert.run(id, tag);
  }

  status(id: number): ExperimentStatus | undefined {
    return this.row(id)?.status;
  }

  config(id: number): ExperimentConfig | undefined {
    const row = this.row(id);
    return row ? (JSON.parse(row.config) as ExperimentConfig) : undefined;
  }

  setStatus(id: number, status: ExperimentStatus, error: string | null = null, ownerPid: number | null = null): void {
    const time = now();
    const terminal = status === 'done' || status === 'failed' || status === 'cancelled';
    this.sql(
      `UPDATE experiments SET status = ?, error = ?, updated_at = ?, owner_pid = ?,
         started_at = CASE WHEN ? = 'running' THEN COALESCE(started_at, ?) ELSE started_at END,
         finished_at = CASE WHEN ? THEN ? ELSE NULL END,
         heartbeat_at = CASE WHEN ? IN ('running', 'queued') THEN ? ELSE heartbeat_at END,
         cancel_requested = CASE WHEN ? IN ('running', 'queued') THEN 0 ELSE cancel_requested END
       WHERE id = ?`,
    ).run(status, error, time, ownerPid, status, time, terminal ? 1 : 0, time, status, time, status, id);
  }

  heartbeat(id: number): void {
    this.sql('UPDATE experiments SET heartbeat_at = ? WHERE id = ?').run(now(), id);
  }

  requestCancel(id: number): void {
    this.sql('UPDATE experiments SET cancel_requested = 1, updated_at = ? WHERE id = ?').run(now(), id);
  }

  cancelRequested(id: number): boolean {
    return (this.sql('SELECT cancel_requested AS c FROM experiments WHERE id = ?').get(id) as { c: number } | undefined)?.c === 1;
  }

  ownerPid(id: number): number | null {
    return this.row(id)?.owner_pid ?? null;
  }

  /**
   * Marks runs whose process is gone (killed, crashed, power cut) as interrupted; runs owned by
   * a live process (another app window, a host) are left alone. Returns the ids it changed.
   */
  recoverInterrupted(isAlive: (pid: number) => boolean = pidAlive, staleAfterMs = STALE_HEARTBEAT_MS): number[] {
    const rows = this.sql(`SELECT id, owner_pid, heartbeat_at FROM experiments WHERE status IN ('running', 'queued')`).all() as {
      id: number;
      owner_pid: number | null;
      heartbeat_at: string | null;
    }[];
    // A live pid with a long-silent heartbeat is a reused pid (after a reboot), not our runner.
    const stale = (r: { heartbeat_at: string | null }) => r.heartbeat_at !== null && Date.now() - Date.parse(r.heartbeat_at) > staleAfterMs;
    const orphaned = rows.filter(
      (r) => r.owner_pid === null || (r.owner_pid !== process.pid && (!isAlive(r.owner_pid) || stale(r))),
    );
    const mark = this.sql(
      `UPDATE experiments SET status = 'interrupted', owner_pid = NULL, updated_at = ?,
         error = 'the process running it stopped (killed or crashed); resume continues from the last checkpoint'
       WHERE id = ? AND status IN ('running', 'queued')`,
    );
    this.transaction(() => {
      for (const r of orphaned) mark.run(now(), r.id);
    });
    return orphaned.map((r) => r.id);
  }

  rename(id: number, name: string): void {
    this.sql('UPDATE experiments SET name = ?, updated_at = ? WHERE id = ?').run(name, now(), id);
  }

  setNotes(id: number, notes: string): void {
    this.sql('UPDATE experiments SET notes = ?, updated_at = ? WHERE id = ?').run(notes, now(), id);
  }

  setTags(id: number, tags: string[]): void {
    this.transaction(() => {
      this.writeTags(id, [...new Set(tags)]);
      this.sql('UPDATE experiments SET updated_at = ? WHERE id = ?').run(now(), id);
    });
  }

  tags(id: number): string[] {
    return (this.sql('SELECT tag FROM experiment_tags WHERE experiment_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((r) => r.tag);
  }

  /** Deletes the experiment with its arms, metrics, evaluations, artifacts and checkpoint. */
  deleteExperiment(id: number): boolean {
    return this.sql('DELETE FROM experiments WHERE id = ?').run(id).changes > 0;
  }

  // ---- run data ------------------------------------------------------------------

  /** Writes one epoch's worth of results (and the checkpoint that follows it) atomically. */
  writeBatch(id: number, batch: RunBatch): void {
    this.transaction(() => {
      const time = now();
      const metric = this.sql('INSERT OR REPLACE INTO metrics (experiment_id, phase, epoch, name, value) VALUES (?, ?, ?, ?, ?)');
      for (const m of batch.metrics ?? []) {
        if (Number.isFinite(m.value)) metric.run(id, m.phase, m.epoch, m.name, m.value);
      }
      const arm = this.sql(
        `INSERT OR REPLACE INTO arms (experiment_id, arm, init, test_sse, train_sse, logreg_accuracy, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const a of batch.arms ?? []) arm.run(id, a.arm, a.init, a.testSSE, a.trainSSE, a.logregAccuracy, a.seconds);
      const evaluation = this.sql('INSERT OR REPLACE INTO evaluations (experiment_id, key, data) VALUES (?, ?, ?)');
      for (const e of batch.evaluations ?? []) evaluation.run(id, e.key, JSON.stringify(e.data));
      for (const a of batch.artifacts ?? []) {
        this.sql('DELETE FROM artifacts WHERE experiment_id = ? AND kind = ? AND name = ? AND phase IS ?').run(id, a.kind, a.name, a.phase ?? null);
        this.sql('INSERT INTO artifacts (experiment_id, kind, name, phase, meta, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          id,
          a.kind,
          a.name,
          a.phase ?? null,
          JSON.stringify(a.meta),
          Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength),
          time,
        );
      }
      if (batch.checkpoint) this.writeCheckpoint(id, batch.checkpoint, time);
      if (batch.backend) {
        this.sql('UPDATE experiments SET backend = ?, backend_info = ? WHERE id = ?').run(batch.backend.name, JSON.stringify(batch.backend), id);
      }
      if (batch.summary) this.sql('UPDATE experiments SET summary = ? WHERE id = ?').run(JSON.stringify(batch.summary), id);
      this.sql('UPDATE experiments SET updated_at = ?, heartbeat_at = ? WHERE id = ?').run(time, time, id);
    });
  }

  private writeCheckpoint(id: number, checkpoint: Checkpoint, time: string): void {
    this.sql('DELETE FROM checkpoints WHERE experiment_id = ?').run(id);
    this.sql('INSERT INTO checkpoints (experiment_id, position, meta, saved_at) VALUES (?, ?, ?, ?)').run(
      id,
      checkpoint.position,
      JSON.stringify({ version: checkpoint.version, meta: checkpoint.meta }),
      time,
    );
    const blob = this.sql('INSERT INTO checkpoint_blobs (experiment_id, name, data) VALUES (?, ?, ?)');
    for (const [name, values] of Object.entries(checkpoint.blobs)) blob.run(id, name, float32ToBuffer(values));
  }

  checkpoint(id: number): Checkpoint | undefined {
    const row = this.sql('SELECT position, meta FROM checkpoints WHERE experiment_id = ?').get(id) as { position: string; meta: string } | undefined;
    if (!row) return undefined;
    const stored = JSON.parse(row.meta) as { version: 1; meta: Record<string, unknown> };
    const blobs: Record<string, Float32Array> = {};
    for (const b of this.sql('SELECT name, data FROM checkpoint_blobs WHERE experiment_id = ?').all(id) as { name: string; data: Buffer }[]) {
      blobs[b.name] = bufferToFloat32(b.data);
    }
    return { version: stored.version, position: row.position, meta: stored.meta, blobs };
  }

  deleteCheckpoint(id: number): void {
    this.sql('DELETE FROM checkpoints WHERE experiment_id = ?').run(id);
  }

  metrics(id: number): MetricPoint[] {
    return this.sql('SELECT phase, epoch, name, value FROM metrics WHERE experiment_id = ? ORDER BY phase, epoch, name').all(id) as MetricPoint[];
  }

  arms(id: number): ArmResult[] {
    const rows = this.sql('SELECT * FROM arms WHERE experiment_id = ? ORDER BY arm').all(id) as {
      arm: ArmName;
      init: string;
      test_sse: number;
      train_sse: number;
      logreg_accuracy: number;
      seconds: number;
    }[];
    return rows.map((r) => ({ arm: r.arm, init: r.init, testSSE: r.test_sse, trainSSE: r.train_sse, logregAccuracy: r.logreg_accuracy, seconds: r.seconds }));
  }

  evaluations(id: number): Evaluation[] {
    const rows = this.sql('SELECT key, data FROM evaluations WHERE experiment_id = ? ORDER BY key').all(id) as { key: string; data: string }[];
    return rows.map((r) => ({ key: r.key, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  artifacts(id: number): ArtifactInfo[] {
    const rows = this.sql(
      'SELECT id, experiment_id, kind, name, phase, length(data) AS byte_size, created_at FROM artifacts WHERE experiment_id = ? ORDER BY id',
    ).all(id) as ArtifactRow[];
    return rows.map(artifactInfo);
  }

  artifact(artifactId: number): ArtifactContent | undefined {
    const row = this.sql('SELECT * FROM artifacts WHERE id = ?').get(artifactId) as ArtifactRow | undefined;
    if (!row) return undefined;
    const info = artifactInfo(row);
    const meta = JSON.parse(row.meta) as Record<string, unknown>;
    switch (row.kind) {
      case 'reconstructions':
        return { kind: 'reconstructions', info, grid: decodeGrid(meta as unknown as GridMeta, row.data) };
      case 'embedding':
        return { kind: 'embedding', info, map: decodeEmbedding(meta as unknown as EmbeddingMeta, row.data) };
      case 'weights':
        return { kind: 'weights', info, shape: (meta.shape as number[]) ?? [row.data.byteLength / 4], base64: row.data.toString('base64') };
      case 'figure': {
        const mimeType = String(meta.mimeType ?? 'application/octet-stream');
        const textual = mimeType.startsWith('text/') || mimeType.includes('svg') || mimeType.includes('json');
        return textual
          ? { kind: 'figure', info, mimeType, text: row.data.toString('utf8') }
          : { kind: 'figure', info, mimeType, base64: row.data.toString('base64') };
      }
    }
  }

  // ---- reading -------------------------------------------------------------------

  private listItems(rows: ExperimentRow[]): ExperimentListItem[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const marks = ids.map(() => '?').join(', ');
    const tags = new Map<number, string[]>();
    for (const t of this.prepare(`SELECT experiment_id AS id, tag FROM experiment_tags WHERE experiment_id IN (${marks}) ORDER BY tag`).all(...ids) as { id: number; tag: string }[]) {
      tags.set(t.id, [...(tags.get(t.id) ?? []), t.tag]);
    }
    const positions = new Map<number, string>();
    for (const c of this.prepare(`SELECT experiment_id AS id, position FROM checkpoints WHERE experiment_id IN (${marks})`).all(...ids) as { id: number; position: string }[]) {
      positions.set(c.id, c.position);
    }
    const sse = new Map<number, Record<string, number>>();
    for (const a of this.prepare(`SELECT experiment_id AS id, arm, test_sse FROM arms WHERE experiment_id IN (${marks})`).all(...ids) as { id: number; arm: string; test_sse: number }[]) {
      sse.set(a.id, { ...sse.get(a.id), [a.arm]: a.test_sse });
    }
    const baselineRows = this
      .prepare(`SELECT experiment_id AS id, key, json_extract(data, '$.testSSE') AS v FROM evaluations WHERE experiment_id IN (${marks}) AND key LIKE 'baseline:%'`)
      .all(...ids) as { id: number; key: string; v: number | null }[];
    for (const b of baselineRows) {
      if (b.v !== null) sse.set(b.id, { ...sse.get(b.id), [b.key.slice('baseline:'.length)]: b.v });
    }
    const groupIds = [...new Set(rows.map((r) => r.group_id).filter((g): g is number => typeof g === 'number'))];
    const groups = new Map<number, { size: number; baseSeed: number }>();
    if (groupIds.length > 0) {
      const groupRows = this
        .prepare(`SELECT id, size, base_seed FROM experiment_groups WHERE id IN (${groupIds.map(() => '?').join(', ')})`)
        .all(...groupIds) as { id: number; size: number; base_seed: number }[];
      for (const g of groupRows) groups.set(g.id, { size: g.size, baseSeed: g.base_seed });
    }
    const groupOf = (r: ExperimentRow) => {
      const g = typeof r.group_id === 'number' ? groups.get(r.group_id) : undefined;
      return g && typeof r.group_id === 'number' ? { id: r.group_id, index: r.group_index ?? 0, ...g } : null;
    };
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      preset: r.preset,
      dataset: r.dataset,
      tags: tags.get(r.id) ?? [],
      backend: r.backend,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      error: r.error,
      position: positions.get(r.id) ?? null,
      testSSE: sse.get(r.id) ?? {},
      group: groupOf(r),
    }));
  }

  listExperiments(query: ListQuery = {}): { total: number; items: ExperimentListItem[] } {
    const q = buildListQuery(query);
    const total = (this.sql(`SELECT COUNT(*) AS n FROM experiments e ${q.where}`).get(...q.params) as { n: number }).n;
    const rows = this.sql(`SELECT e.* FROM experiments e ${q.where} ${q.orderBy} LIMIT ? OFFSET ?`).all(...q.params, q.limit, q.offset) as ExperimentRow[];
    return { total, items: this.listItems(rows) };
  }

  getExperiment(id: number): ExperimentDetail | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    const [item] = this.listItems([row]);
    const evaluations = this.evaluations(id);
    const baselines = evaluations
      .filter((e) => e.key === 'baseline:pca' || e.key === 'baseline:raw')
      .map((e) => ({ baseline: e.key.slice('baseline:'.length) as 'pca' | 'raw', result: e.data as unknown as BaselineResult }));
    return {
      ...item,
      config: JSON.parse(row.config) as ExperimentConfig,
      notes: row.notes,
      arms: this.arms(id),
      baselines,
      metrics: this.metrics(id),
      evaluations,
      artifacts: this.artifacts(id),
      backendInfo: row.backend_info ? (JSON.parse(row.backend_info) as BackendInfo) : null,
      summary: row.summary ? (JSON.parse(row.summary) as ExperimentSummary) : null,
    };
  }
}

/** Opens (creating if needed) the history file at `path` and brings its schema up to date; or, `readonly`, only reads it. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  return new Store(path, options);
}
