import { UsageError } from './command.ts';

export interface ParsedArgs {
  /** Flag values by name; repeatable flags keep every value in order. */
  flags: Map<string, string[]>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value` and bare `--switch` flags. `switches` lists the
 * flags that take no value; any flag not in `allowed` is a usage error naming it.
 */
export function parseArgs(args: string[], allowed: string[], switches: string[] = []): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!allowed.includes(name) && !switches.includes(name)) {
      throw new UsageError(`unknown option --${name} (allowed: ${[...allowed, ...switches].map((a) => `--${a}`).join(', ')})`);
    }
    let value: string;
    if (switches.includes(name)) value = eq >= 0 ? arg.slice(eq + 1) : 'true';
    else if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`option --${name} needs a value`);
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positionals };
}

export function flag(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.flags.get(name);
  return values ? values[values.length - 1] : undefined;
}
