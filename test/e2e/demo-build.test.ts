/**
 * `npm run demo:build` gives a static folder that runs by itself: build into a temporary folder,
 * serve it with a plain static server (vite preview), and check in headless Chromium that the page
 * loads without errors or 404s, the simulation advances (the WGSL files were shipped) and the
 * bundled transport worker returns a conductance point.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DemoHook } from '../../demo/main.ts';
import { buildAndPreview, chromiumAvailable, launchChromium, watchPage, type DemoServer, type PageProblems } from './browser.ts';

const run = chromiumAvailable() || process.env.REWIRE_REQUIRE_GPU === '1';

describe.runIf(run)('static demo build', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  const dir = mkdtempSync(join(tmpdir(), 'rewire-demo-dist-'));

  beforeAll(async () => {
    server = await buildAndPreview(dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    problems = watchPage(page);
    await page.goto(server.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ships the page, the shaders and the data files', () => {
    expect(existsSync(join(dir, 'demo', 'index.html'))).toBe(true);
    expect(existsSync(join(dir, 'shaders', 'reaxff', 'qeq.wgsl'))).toBe(true);
    expect(existsSync(join(dir, 'shaders', 'render', 'atoms.wgsl'))).toBe(true);
  });

  it('runs: time advances and the worker returns conductance', async () => {
    const h = await page.waitForFunction(() => {
      const x = (window as unknown as { __rewire: DemoHook }).__rewire;
      return x && (x.error || (x.timeFs > 2 && x.conductance.length >= 1)) ? x : null;
    }, null, { timeout: 60_000, polling: 250 }).then((r) => r.jsonValue() as Promise<DemoHook>);
    expect(h.error).toBe('');
    expect(h.timeFs).toBeGreaterThan(2);
    expect(Number.isFinite(h.conductance[0]!.T)).toBe(true);
    expect(problems.console).toEqual([]);
    expect(problems.http).toEqual([]);
  }, 65_000);
});
