/**
 * Headless Chromium on SwiftShader for the demo's end-to-end test and benchmark:
 * a Vite server for demo/ on a free localhost port and a browser with the flags of
 * shared docs webgpu.md §4.2 (the set that gives WebGPU compute + canvas + screenshots).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.REWIRE_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS = resolve(ROOT, 'test-results');
const CONFIG = resolve(ROOT, 'demo', 'vite.config.ts');

export const WEBGPU_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-gpu-watchdog',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

/** `vite` (dev server of demo/) on a free port. */
export async function startDemoServer(): Promise<DemoServer> {
  const vite = await import('vite');
  const s = await vite.createServer({ configFile: CONFIG, logLevel: 'warn', server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false } });
  await s.listen();
  const port = (s.httpServer!.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/demo/`, close: () => s.close() };
}

/** `vite build` of the demo into `outDir`, then a static server (`vite preview`) of it on a free port. */
export async function buildAndPreview(outDir: string): Promise<DemoServer> {
  const vite = await import('vite');
  await vite.build({ configFile: CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const s = await vite.preview({ configFile: CONFIG, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const port = (s.httpServer.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/demo/`, close: () => s.close() };
}

export async function launchChromium(args: string[] = WEBGPU_ARGS): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** What a page logged that a user would call an error. */
export interface PageProblems {
  console: string[];
  /** console warnings (reported, not failed on: browsers warn about their own flags) */
  warnings: string[];
  http: string[];
}

export function watchPage(page: Page): PageProblems {
  const p: PageProblems = { console: [], warnings: [], http: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') p.console.push(m.text());
    if (m.type() === 'warning') p.warnings.push(m.text());
  });
  page.on('pageerror', (e) => p.console.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) p.http.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => p.http.push(`failed ${r.url()} (${r.failure()?.errorText})`));
  return p;
}

export function resultsDir(): string {
  mkdirSync(RESULTS, { recursive: true });
  return RESULTS;
}

/** Pixel statistics of a PNG, decoded by the page itself (no image library needed). */
export interface PixelStats {
  width: number;
  height: number;
  /** fraction of pixels farther than 24/255 (max channel) from the colour at (5, 5), the background */
  foreground: number;
  /** standard deviation of the luminance, 0–255 */
  lumaStd: number;
  /** distinct colours after quantising each channel to 16 levels */
  colours: number;
  /** fraction of foreground pixels that are reddish (r > b + 40) / bluish (b > r + 40) */
  reddish: number;
  bluish: number;
}

export async function pixelStats(page: Page, png: Buffer): Promise<PixelStats> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    const k = 4 * (5 * img.width + 5); // inside any border
    const bg = [d[k]!, d[k + 1]!, d[k + 2]!];
    let fg = 0, red = 0, blue = 0, sum = 0, sum2 = 0;
    const set = new Set<number>();
    const n = img.width * img.height;
    for (let i = 0; i < n; i++) {
      const r = d[4 * i]!, g = d[4 * i + 1]!, b = d[4 * i + 2]!;
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += y;
      sum2 += y * y;
      set.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      if (Math.max(Math.abs(r - bg[0]!), Math.abs(g - bg[1]!), Math.abs(b - bg[2]!)) > 24) {
        fg++;
        if (r > b + 40) red++;
        if (b > r + 40) blue++;
      }
    }
    const mean = sum / n;
    return { width: img.width, height: img.height, foreground: fg / n, lumaStd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), colours: set.size, reddish: fg ? red / fg : 0, bluish: fg ? blue / fg : 0 };
  }, png.toString('base64'));
}
