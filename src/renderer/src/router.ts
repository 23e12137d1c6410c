import { reactive } from 'vue';

export type ViewName = 'new' | 'live' | 'compare' | 'history' | 'debias' | 'runs' | 'explore';

export interface Route {
  view: ViewName;
  /** Path segments after the view, e.g. the experiment id of `#/live/12`. */
  params: string[];
  query: Record<string, string>;
}

const VIEWS: readonly ViewName[] = ['new', 'live', 'compare', 'history', 'debias', 'runs', 'explore'];

/** Reads `#/view/param?key=value`; anything unknown opens New run. */
export function parseHash(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [first, ...params] = path.split('/').filter(Boolean).map(decodeURIComponent);
  const view = (VIEWS as readonly string[]).includes(first) ? (first as ViewName) : 'new';
  const query = Object.fromEntries(new URLSearchParams(search));
  return { view, params, query };
}

export function hashOf(view: ViewName, params: (string | number)[] = [], query: Record<string, string> = {}): string {
  const path = [view, ...params.map((p) => encodeURIComponent(String(p)))].join('/');
  const search = new URLSearchParams(query).toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}

export const route = reactive<Route>(parseHash(window.location.hash));

window.addEventListener('hashchange', () => {
  Object.assign(route, parseHash(window.location.hash));
});

export function navigate(view: ViewName, params: (string | number)[] = [], query: Record<string, string> = {}): void {
  window.location.hash = hashOf(view, params, query);
}
