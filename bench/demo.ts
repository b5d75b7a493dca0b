/**
 * Browser demo benchmark: atom-steps/s and frames/s of the page in headless Chromium (SwiftShader
 * unless the machine has a GPU Chromium can use), measured from outside the page over a window.
 *   npx tsx bench/demo.ts [--seconds 20] [--warmup 5] [--cases reaxff,eam] [--spf N] [--build]
 *                         [--query 'base=24&gap=8.3']   (extra page parameters, see demo/README.md)
 * Prints one JSON document (progress on stderr). Each case is a fresh page with ?potential=… .
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoHook } from '../demo/main.ts';
import { buildAndPreview, launchChromium, startDemoServer } from '../test/e2e/browser.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, warmup: { type: 'string' }, cases: { type: 'string' }, spf: { type: 'string' }, build: { type: 'boolean' }, query: { type: 'string' } } });
const seconds = Number(values.seconds ?? 20), warmup = Number(values.warmup ?? 5);
const cases = (values.cases ?? 'reaxff,eam').split(',');

const dir = values.build ? mkdtempSync(join(tmpdir(), 'rewire-demo-bench-')) : '';
const server = values.build ? await buildAndPreview(dir) : await startDemoServer();
const browser = await launchChromium();
const results: Record<string, unknown>[] = [];
try {
  for (const potential of cases) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const url = `${server.url}?potential=${potential}${values.spf ? `&spf=${values.spf}` : ''}${values.query ? `&${values.query}` : ''}`;
    process.stderr.write(`bench/demo: ${url}\n`);
    await page.goto(url);
    const hook = () => page.evaluate(() => (window as unknown as { __rewire: DemoHook }).__rewire);
    await page.waitForFunction(() => (window as unknown as { __rewire: DemoHook }).__rewire?.ready, null, { timeout: 120_000 });
    await page.waitForTimeout(1000 * warmup);
    const a = await hook(), t0 = performance.now();
    await page.waitForTimeout(1000 * seconds);
    const b = await hook(), dt = (performance.now() - t0) / 1000;
    if (b.error) throw new Error(`page error: ${b.error}`);
    results.push({
      potential, atoms: b.atoms, stepsPerFrame: b.stepsPerFrame, window_s: +dt.toFixed(1),
      atom_steps_per_s: Math.round(((b.step - a.step) * b.atoms) / dt),
      steps_per_s: +((b.step - a.step) / dt).toFixed(2),
      fps: +((b.frames - a.frames) / dt).toFixed(2),
      simulated_fs: b.timeFs - a.timeFs, conductance_points: b.conductance.length - a.conductance.length,
      adapter: b.adapter,
    });
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ date: new Date().toISOString(), bench: 'demo', served: values.build ? 'static build' : 'vite dev', results }, null, 2) + '\n');
