#!/usr/bin/env node
// Entry point of the headless runner. TypeScript sources run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/runner/cli.ts');
const code = await main(process.argv.slice(2));
process.exit(code);
