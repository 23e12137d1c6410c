/**
 * Makes a standalone SVG document fit to sit inside an HTML page: drops the XML prolog and
 * namespace declarations (HTML's parser supplies them, and they are the only URLs an SVG
 * carries), drops ECharts' server-side `ecmeta_*` hover bookkeeping (a third of a scatter's
 * size), prefixes ECharts' ids and class names so several charts on one page do not
 * restyle each other, and labels it for screen readers.
 */
export function inlineSvg(svg: string, key: string, label: string): string {
  const prefix = key.replace(/[^A-Za-z0-9_-]/g, '-');
  return svg
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/<!DOCTYPE[^>]*>\s*/i, '')
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
    .replace(/ ecmeta_\w+="[^"]*"/g, '')
    .replace(/\bzr(\d+)-/g, `${prefix}-zr$1-`)
    .replace(/<svg\b/, `<svg role="img" aria-label="${label.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')}"`);
}
