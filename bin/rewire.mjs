#!/usr/bin/env node
// Entry point of the headless runner. TypeScript sources run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/runner/cli.ts');
const code = await main(process.argv.slice(2));
// Exit only once stdout has been flushed: on a pipe, process.exit() right after a large write
// (e.g. `rewire eval … --json | jq`) cuts the output at 64 KiB.
process.stdout.write('', () => process.exit(code));
