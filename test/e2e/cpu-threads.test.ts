/**
 * The CPU backend's thread pool in a page (issue 7 item 1): served cross-origin isolated by the
 * demo's Vite server, test/e2e/pages/cpu-threads.html runs 20-step NVT trajectories (EAM, and
 * ReaxFF + QEq + EChemDID at 8 V) with 1 and 2 threads. createPool must give a real 2-thread pool
 * of Web Workers there, and the trajectories must be identical (the passes are row-independent with
 * fixed-chunk reductions: bit-identical in Node, test/parallel.test.ts; the bound here is the
 * issue's 1e-9 Å). A page without isolation falls back to one thread (checked too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, CHROMIUM, launchChromium, startDemoServer, watchPage, type DemoServer } from './browser.ts';
import type { CpuThreadsResult } from './pages/cpu-threads.ts';

const required = process.env.REWIRE_REQUIRE_GPU === '1';
const run = chromiumAvailable() || required;
if (!run) console.warn(`cpu-threads e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.runIf(run)('CPU backend on Web Workers (headless Chromium)', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs 2 threads in an isolated page with the same trajectories as 1 thread', async () => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    await page.goto(new URL('../test/e2e/pages/cpu-threads.html', server.url).href);
    await page.waitForFunction(() => (window as unknown as { __cpuThreads?: unknown }).__cpuThreads !== undefined, null, { timeout: 120_000 });
    const r = await page.evaluate(() => (window as unknown as { __cpuThreads: CpuThreadsResult }).__cpuThreads);
    expect(r.error).toBeUndefined();
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.cases.map((c) => c.name)).toEqual(['eam', 'reaxff']);
    for (const c of r.cases) {
      expect(c.poolThreads, c.name).toEqual([1, 2]);
      expect(c.maxDx, c.name).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(c.energies[0]! - c.energies[1]!), c.name).toBeLessThanOrEqual(1e-12 * Math.abs(c.energies[0]!));
    }
    expect(problems.console).toEqual([]);
    console.log(`cpu-threads page: ${r.cases.map((c) => `${c.name} 1T ${c.ms[0]!.toFixed(0)} ms, 2T ${c.ms[1]!.toFixed(0)} ms, max|Δx| ${c.maxDx}`).join('; ')}`);
    await page.close();
  }, 180_000);

  it('falls back to one thread when the page is not cross-origin isolated', async () => {
    const page = await browser.newPage();
    // the same page from a server without COOP/COEP: route it and strip the headers
    await page.route('**/*', async (route) => {
      const resp = await route.fetch();
      const headers = { ...resp.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response: resp, headers });
    });
    await page.goto(new URL('../test/e2e/pages/cpu-threads.html', server.url).href);
    await page.waitForFunction(() => (window as unknown as { __cpuThreads?: unknown }).__cpuThreads !== undefined, null, { timeout: 120_000 });
    const r = await page.evaluate(() => (window as unknown as { __cpuThreads: CpuThreadsResult }).__cpuThreads);
    expect(r.error).toBeUndefined();
    expect(r.crossOriginIsolated).toBe(false);
    for (const c of r.cases) expect(c.poolThreads, c.name).toEqual([1, 1]);
    await page.close();
  }, 180_000);
});
