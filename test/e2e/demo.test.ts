/**
 * End-to-end: the browser demo in headless Chromium on SwiftShader (WebGPU compute + canvas).
 * Checks what a visitor would: the page loads without console errors or failed requests and finds
 * an adapter; simulated time advances; reversing the voltage reverses the sign of both tips'
 * total charges (EChemDID + QEq on navigator.gpu); the 3D canvas is not blank (pixel statistics
 * of a screenshot); the conductance trace from the Web Worker receives points.
 * Screenshots go to test-results/ (git-ignored). Skips without Chromium unless REWIRE_REQUIRE_GPU=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExtXyz } from '../../src/io/extxyz.ts';
import type { Browser, Page } from 'playwright-core';
import type { DemoHook } from '../../demo/main.ts';
import { chromiumAvailable, CHROMIUM, launchChromium, pixelStats, resultsDir, startDemoServer, watchPage, type DemoServer, type PageProblems } from './browser.ts';

const required = process.env.REWIRE_REQUIRE_GPU === '1';
const run = chromiumAvailable() || required;
if (!run) console.warn(`demo e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const hook = (page: Page) => page.evaluate(() => (window as unknown as { __rewire: DemoHook }).__rewire);

async function until(page: Page, what: string, pred: (h: DemoHook) => boolean, timeoutMs: number): Promise<DemoHook> {
  const t0 = Date.now();
  let h = await hook(page);
  while (!pred(h)) {
    if (h.error) throw new Error(`page error while waiting for ${what}: ${h.error}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; hook = ${JSON.stringify({ ...h, conductance: h.conductance.length })}`);
    await page.waitForTimeout(250);
    h = await hook(page);
  }
  return h;
}

describe.runIf(run)('browser demo (headless Chromium, SwiftShader)', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  const out = resultsDir();

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    problems = watchPage(page);
    await page.goto(server.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads, finds an adapter and builds the ReaxFF tips', async () => {
    const h = await until(page, 'the engine', (x) => x.ready, 40_000);
    expect(h.adapter).not.toBe('');
    expect(h.potential).toBe('reaxff');
    expect(h.atoms).toBeGreaterThan(100);
    expect(h.volt).toBeGreaterThan(0);
  }, 45_000);

  it('advances simulated time', async () => {
    const t0 = (await hook(page)).timeFs;
    const h = await until(page, 'simulated time to advance', (x) => x.timeFs >= t0 + 4, 20_000);
    expect(h.timeFs).toBeGreaterThan(t0);
  }, 25_000);

  it('charges the tips with opposite signs, and reversing the voltage reverses them', async () => {
    // +V/2 on the lower tip's base makes it the (negative) cathode (md-physics.md §3.3).
    const before = await until(page, 'tip charges at +V', (x) => x.charges.plusTip < -1 && x.charges.minusTip > 1, 20_000);
    expect(before.charges.plusTip + before.charges.minusTip).toBeCloseTo(0, 3); // QEq keeps the system neutral
    await page.click('#reverse');
    const after = await until(page, 'tip charges after reversing', (x) => x.volt === -before.volt && x.charges.plusTip > 1 && x.charges.minusTip < -1, 25_000);
    expect(after.volt).toBe(-before.volt);
    expect(Math.sign(after.charges.plusTip)).toBe(-Math.sign(before.charges.plusTip));
    expect(Math.sign(after.charges.minusTip)).toBe(-Math.sign(before.charges.minusTip));
    expect(after.timeFs).toBeGreaterThan(before.timeFs); // the trajectory continued
  }, 50_000);

  it('draws the atoms (canvas not blank)', async () => {
    const png = await page.locator('#view').screenshot({ path: join(out, 'demo-canvas.png') });
    await page.screenshot({ path: join(out, 'demo-page.png'), fullPage: true });
    const s = await pixelStats(page, png);
    expect(s.foreground).toBeGreaterThan(0.03); // spheres cover part of the view
    expect(s.foreground).toBeLessThan(0.95);
    expect(s.lumaStd).toBeGreaterThan(8); // shaded, not a flat fill
    expect(s.colours).toBeGreaterThan(20);
    // coloured by charge: the charged tips show both ends of the diverging palette
    expect(s.reddish).toBeGreaterThan(0.02);
    expect(s.bluish).toBeGreaterThan(0.02);
  }, 20_000);

  it('colours by Φ and by tip of origin too', async () => {
    for (const mode of ['phi', 'tip', 'charge']) {
      await page.selectOption('#color', mode);
      await page.waitForTimeout(600); // a redraw happens at least every 200 ms
      const s = await pixelStats(page, await page.locator('#view').screenshot({ path: join(out, `demo-canvas-${mode}.png`) }));
      expect(s.foreground).toBeGreaterThan(0.03);
      expect(s.reddish).toBeGreaterThan(0.02); // Φ > 0 / lower (orange) tip
      expect(s.bluish).toBeGreaterThan(0.02); // Φ < 0 / upper (blue) tip
    }
  }, 20_000);

  it('exports the structure as extended XYZ that src/io reads back', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#xyz')]);
    const text = readFileSync(await dl.path(), 'utf8');
    const sys = readExtXyz(text, dl.suggestedFilename());
    const h = await hook(page);
    expect(sys.n).toBe(h.atoms);
    expect(text.split('\n')[1]).toMatch(/Properties=species:S:1:pos:R:3:vel:R:3:q:R:1:phi:R:1/);
  }, 15_000);

  it('receives conductance points from the transport worker', async () => {
    const h = await until(page, 'two conductance points', (x) => x.conductance.length >= 2, 30_000);
    for (const p of h.conductance) {
      expect(Number.isFinite(p.T)).toBe(true);
      expect(p.T).toBeGreaterThanOrEqual(0);
    }
    expect(h.conductance[1]!.timeFs).toBeGreaterThan(h.conductance[0]!.timeFs);
    expect(await page.locator('#tracePlot svg').count()).toBeGreaterThan(0);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    const csv = readFileSync(await dl.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^time_fs,T_EF,channel_1/);
    expect(csv.length - 1).toBeGreaterThanOrEqual(h.conductance.length);
  }, 35_000);

  it('recovers from a lost GPU device and goes on', async () => {
    const before = await hook(page);
    await page.evaluate(() => (window as unknown as { __rewireDebug: { loseDevice(): void } }).__rewireDebug.loseDevice());
    const back = await until(page, 'recovery on a new device', (x) => x.deviceLosses === before.deviceLosses + 1 && x.ready, 30_000);
    const t = back.timeFs;
    const h = await until(page, 'time to advance after recovery', (x) => x.timeFs > t + 2, 20_000);
    expect(h.error).toBe('');
    expect(h.atoms).toBe(before.atoms);
    expect(await page.locator('#banner').textContent()).toMatch(/lost.*recovered/s);
  }, 55_000);

  it('pauses and steps one MD step at a time (keyboard)', async () => {
    await page.locator('#view').click(); // focus the page, not a control
    await page.keyboard.press(' ');
    const p = await until(page, 'the pause', (x) => x.paused, 10_000);
    await page.waitForTimeout(500);
    const s0 = (await hook(page)).step;
    expect(s0).toBeGreaterThanOrEqual(p.step);
    await page.keyboard.press('s');
    const h = await until(page, 'one step', (x) => x.step === s0 + 1, 10_000);
    expect(h.paused).toBe(true);
    await page.keyboard.press(' ');
    await until(page, 'running again', (x) => !x.paused && x.step > s0 + 1, 10_000);
  }, 35_000);

  it('changes the thermostat target live', async () => {
    const t0 = (await hook(page)).timeFs;
    await page.fill('#temp', '600');
    await page.press('#temp', 'Enter');
    const h = await until(page, 'the new target temperature', (x) => x.targetK === 600 && x.timeFs > t0, 20_000);
    expect(h.volt).not.toBe(0); // the voltage stays on
  }, 25_000);

  it('resets to EAM tips (no voltage) and runs them', async () => {
    await page.selectOption('#potential', 'eam');
    await page.click('#reset');
    const h = await until(page, 'the EAM engine', (x) => x.ready && x.potential === 'eam' && x.timeFs > 5, 30_000);
    expect(h.volt).toBe(0);
    expect(await page.locator('#volt').isDisabled()).toBe(true);
    expect(h.conductance.every((p) => p.timeFs <= h.timeFs)).toBe(true); // the trace restarted with the run
  }, 35_000);

  it('logged no console errors and no failed requests', async () => {
    const h = await hook(page);
    expect(h.error).toBe('');
    expect(problems.console).toEqual([]);
    expect(problems.http).toEqual([]);
    if (problems.warnings.length) console.warn(`demo e2e: console warnings: ${problems.warnings.join(' | ')}`);
    console.log(`demo e2e: ${h.atoms} atoms, ${h.atomStepsPerS.toFixed(0)} atom-steps/s, ${h.fps.toFixed(1)} fps, t = ${h.timeFs} fs, ${h.conductance.length} conductance points (${h.adapter})`);
  });
});

describe.runIf(run)('browser demo without WebGPU', () => {
  it('says so and how to enable it', async () => {
    const server = await startDemoServer();
    // no --enable-unsafe-webgpu: headless Chromium on Linux offers no adapter (webgpu.md §4.2, set A)
    const browser = await launchChromium(['--no-sandbox', '--disable-gpu', '--disable-features=Vulkan']);
    try {
      const page = await browser.newPage();
      const problems = watchPage(page);
      await page.goto(server.url);
      const h = await until(page, 'the no-WebGPU message', (x) => x.error !== '' || x.ready, 30_000).catch(() => hook(page));
      expect(h.ready).toBe(false);
      expect(h.error).toMatch(/WebGPU/);
      const text = await page.locator('#banner').textContent();
      expect(text).toMatch(/--enable-unsafe-webgpu/);
      expect(await page.locator('#banner').isVisible()).toBe(true);
      await page.screenshot({ path: join(resultsDir(), 'demo-no-webgpu.png') });
      console.log(`demo e2e without WebGPU: ${h.error.split('\n')[0]}`);
      expect(problems.console.filter((m) => m.startsWith('pageerror'))).toEqual([]);
      expect(problems.http).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 45_000);
});
