import { commands } from './commands/index.ts';
import { UsageError } from './command.ts';
import { ConfigError } from '../shared/validate.ts';

function help(): string {
  const lines = ['usage: workbench <command> [options]', '', 'commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'workbench <command> --help shows the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`workbench: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`workbench ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(`workbench ${name}: invalid configuration\n${error.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
      return 2;
    }
    console.error(`workbench ${name}: ${(error as Error).message}`);
    if (process.env.WORKBENCH_DEBUG) console.error((error as Error).stack);
    return 1;
  }
}
