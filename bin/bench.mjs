#!/usr/bin/env node
// `npm run bench [-- --quick]`: prints the benchmark JSON on stdout (progress on stderr).
import { register } from 'tsx/esm/api';
register();
const { runBench } = await import('../bench/index.ts');
const argv = process.argv.slice(2);
const result = await runBench(argv);
if (result.help) process.exit(0);
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
process.exit(0);
