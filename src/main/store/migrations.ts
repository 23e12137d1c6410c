import type Database from 'better-sqlite3';

/**
 * Versioned schema changes, applied in order at start-up. `PRAGMA user_version` holds the
 * version a file is at. Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'experiments, arms, metrics, evaluations, artifacts, checkpoints',
    sql: `
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
        preset TEXT,
        dataset TEXT NOT NULL,
        config TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        backend TEXT,
        backend_info TEXT,
        summary TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE TABLE arms (
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        arm TEXT NOT NULL,
        init TEXT NOT NULL,
        test_sse REAL NOT NULL,
        train_sse REAL NOT NULL,
        logreg_accuracy REAL NOT NULL,
        seconds REAL NOT NULL,
        PRIMARY KEY (experiment_id, arm)
      ) WITHOUT ROWID;
      CREATE TABLE metrics (
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        phase TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        name TEXT NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (experiment_id, phase, epoch, name)
      ) WITHOUT ROWID;
      CREATE TABLE evaluations (
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (experiment_id, key)
      ) WITHOUT ROWID;
      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('weights','reconstructions','embedding','figure')),
        name TEXT NOT NULL,
        phase TEXT,
        meta TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX artifacts_by_experiment ON artifacts(experiment_id);
      CREATE TABLE checkpoints (
        experiment_id INTEGER PRIMARY KEY REFERENCES experiments(id) ON DELETE CASCADE,
        position TEXT NOT NULL,
        meta TEXT NOT NULL,
        saved_at TEXT NOT NULL
      );
      CREATE TABLE checkpoint_blobs (
        experiment_id INTEGER NOT NULL REFERENCES checkpoints(experiment_id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (experiment_id, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'tags in their own table, indexes for listing filters',
    sql: `
      CREATE TABLE experiment_tags (
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (tag, experiment_id)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO experiment_tags (experiment_id, tag)
        SELECT e.id, j.value FROM experiments e, json_each(e.tags) j WHERE j.type = 'text';
      ALTER TABLE experiments DROP COLUMN tags;
      CREATE INDEX experiment_tags_by_experiment ON experiment_tags(experiment_id);
      CREATE INDEX experiments_by_created ON experiments(created_at, id);
      CREATE INDEX experiments_by_status ON experiments(status, created_at);
      CREATE INDEX experiments_by_preset ON experiments(preset, created_at);
      CREATE INDEX experiments_by_dataset ON experiments(dataset, created_at);
    `,
  },
  {
    version: 3,
    description: 'run ownership (pid, heartbeat) and cancel requests across processes',
    sql: `
      ALTER TABLE experiments ADD COLUMN owner_pid INTEGER;
      ALTER TABLE experiments ADD COLUMN heartbeat_at TEXT;
      ALTER TABLE experiments ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    description: 'seed groups: runs of one configuration over several seeds (workbench run --seeds N)',
    sql: `
      CREATE TABLE experiment_groups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        base_seed INTEGER NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      ALTER TABLE experiments ADD COLUMN group_id INTEGER REFERENCES experiment_groups(id);
      ALTER TABLE experiments ADD COLUMN group_index INTEGER;
      CREATE INDEX experiments_by_group ON experiments(group_id, group_index);
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the file up to `target` (the latest by default), each step in its own transaction. */
export function migrate(db: Database.Database, target = LATEST_VERSION): number {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new Error(`the database is at schema version ${current}, newer than this workbench knows (${LATEST_VERSION}); update the workbench`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return schemaVersion(db);
}
