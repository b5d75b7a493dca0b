#!/usr/bin/env node
// `npm run bench [-- --quick]`: prints the benchmark JSON on stdout (progress on stderr).
import { register } from 'tsx/esm/api';
register();
const { runBench } = await import('../bench/index.ts');
const result = await runBench(process.argv.slice(2));
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
process.exit(0);
