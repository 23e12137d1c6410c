import type { ParsedInput } from '../../shared/api.ts';

export type ListQuery = ParsedInput<'listExperiments'>;

const SORT_COLUMNS = {
  createdAt: 'e.created_at',
  updatedAt: 'e.updated_at',
  name: 'e.name COLLATE NOCASE',
  status: 'e.status',
  preset: 'e.preset',
  dataset: 'e.dataset',
} as const;

export const DEFAULT_PAGE_SIZE = 50;

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause, ORDER BY and parameters for one listing query; every filter is an indexed column. */
export function buildListQuery(query: ListQuery): { where: string; orderBy: string; params: unknown[]; limit: number; offset: number } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const search = query.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    clauses.push(
      `(e.name LIKE ? ESCAPE '\\' OR e.notes LIKE ? ESCAPE '\\' OR e.preset LIKE ? ESCAPE '\\' OR e.dataset LIKE ? ESCAPE '\\'` +
        ` OR e.id IN (SELECT experiment_id FROM experiment_tags WHERE tag LIKE ? ESCAPE '\\'))`,
    );
    params.push(pattern, pattern, pattern, pattern, pattern);
    if (/^\d+$/.test(search)) {
      clauses[clauses.length - 1] = `(${clauses[clauses.length - 1]} OR e.id = ?)`;
      params.push(Number(search));
    }
  }
  if (query.status && query.status.length > 0) {
    clauses.push(`e.status IN (${query.status.map(() => '?').join(', ')})`);
    params.push(...query.status);
  }
  if (query.preset) {
    clauses.push('e.preset = ?');
    params.push(query.preset);
  }
  if (query.dataset) {
    clauses.push('e.dataset = ?');
    params.push(query.dataset);
  }
  if (query.tag) {
    clauses.push('e.id IN (SELECT experiment_id FROM experiment_tags WHERE tag = ?)');
    params.push(query.tag);
  }
  const sort = query.sort ?? { field: 'createdAt', direction: 'desc' };
  const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
  return {
    where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '',
    orderBy: `ORDER BY ${SORT_COLUMNS[sort.field]} ${direction}, e.id ${direction}`,
    params,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    offset: query.offset ?? 0,
  };
}
