#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so a checkout needs no build step for headless use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
