/**
 * Why a backend was skipped, for a reader: a module-resolution failure becomes "<package> is not
 * installed" (not Node's "Cannot find module … Require stack" text); anything else keeps its first line.
 */
export function skipReason(reason: string): string {
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(reason);
  if (missing) {
    const specifier = missing[1];
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    return `${name} is not installed`;
  }
  return reason.split('\n')[0].trim();
}
