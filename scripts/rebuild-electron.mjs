#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node, leaving the
// Node build in node_modules untouched (the CLI, host and tests keep using it). The app passes
// this file to better-sqlite3 as `nativeBinding` (src/main/native-binding.ts).
// Needs network once: a prebuilt binary from better-sqlite3's releases, else Electron's headers
// for a compile with node-gyp (a C++ toolchain and Python).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const target = join(root, '.electron-native', 'better_sqlite3.node');

const work = mkdtempSync(join(tmpdir(), 'better-sqlite3-electron-'));
const copy = join(work, 'better-sqlite3');
cpSync(sqliteDir, copy, { recursive: true, filter: (src) => !src.includes(`${join('build', 'Release', 'obj')}`) });
rmSync(join(copy, 'build'), { recursive: true, force: true });

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: copy, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

const prebuild = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
const ok =
  (existsSync(prebuild) && run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch])) ||
  run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers']);

const built = join(copy, 'build', 'Release', 'better_sqlite3.node');
if (!ok || !existsSync(built)) {
  console.error(`could not build better-sqlite3 for Electron ${electronVersion}; see the output above`);
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
cpSync(built, target);
rmSync(work, { recursive: true, force: true });
console.log(`better-sqlite3 for Electron ${electronVersion} (${process.arch}) -> ${target}`);
