/**
 * Browser demo: the paper's rewiring (ReaxFF-Ag + QEq + EChemDID, src/gpu) live on navigator.gpu,
 * drawn in 3D straight from the engine's GPU buffers (src/render), with the conductance of each
 * snapshot from a Web Worker (src/transport). No physics here: composition, controls and plots.
 *
 * Two loops that never wait on each other:
 *   draw loop  (requestAnimationFrame): encodes one render pass from the live buffers; no awaits.
 *   sim loop   (async): one batch of `steps per frame` steps per display frame, then at a low
 *              rate small readbacks (thermo, tip charges), snapshots for the worker, checkpoints.
 *
 * Test hook: window.__rewire (see DemoHook), kept current by the sim loop.
 */
import { acquireGpu, type GpuContext } from '../src/gpu/device.ts';
import { AtomRenderer, type ColorMode } from '../src/render/atomRenderer.ts';
import { OrbitCamera } from '../src/render/camera.ts';
import { PALETTE, cssColor, cssDiverging } from '../src/render/palette.ts';
import type { EngineCheckpoint } from '../src/md/engine.ts';
import { DemoSim, DEMO_DEFAULTS, type PotentialKind, type SimSettings } from './sim.ts';
import { LiveConductance, type LeadMode, type TransportModel } from './conductance.ts';
import { Plots } from './plots.ts';

export interface DemoHook {
  ready: boolean;
  adapter: string;
  fallbackAdapter: boolean;
  atoms: number;
  step: number;
  timeFs: number;
  volt: number;
  targetK: number;
  temperatureK: number;
  potential: PotentialKind;
  /** e, total charge of the atoms that started in each tip (plus = lower tip, base at +V/2) */
  charges: { plusTip: number; minusTip: number };
  conductance: { timeFs: number; T: number }[];
  atomStepsPerS: number;
  fps: number;
  /** frames drawn since the page loaded */
  frames: number;
  stepsPerFrame: number;
  paused: boolean;
  deviceLosses: number;
  error: string;
}

const hook: DemoHook = {
  ready: false, adapter: '', fallbackAdapter: false, atoms: 0, step: 0, timeFs: 0, volt: 0, targetK: 0, temperatureK: 0,
  potential: DEMO_DEFAULTS.potential, charges: { plusTip: 0, minusTip: 0 }, conductance: [], atomStepsPerS: 0, fps: 0, frames: 0,
  stepsPerFrame: 0, paused: false, deviceLosses: 0, error: '',
};
(window as unknown as { __rewire: DemoHook }).__rewire = hook;
/** For tests: lose the GPU device on purpose (exercises the recovery path). */
(window as unknown as { __rewireDebug: object }).__rewireDebug = { loseDevice: () => gpu?.device.destroy() };

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const num = (id: string) => Number($<HTMLInputElement>(id).value);
const canvas = $<HTMLCanvasElement>('view');
const spf = $<HTMLInputElement>('spf');

function banner(text: string, kind: 'info' | 'error' = 'info'): void {
  const b = $('banner');
  b.hidden = !text;
  b.textContent = text;
  b.className = kind === 'error' ? 'error' : '';
}

function fail(e: unknown): void {
  const msg = (e as Error)?.message ?? String(e);
  hook.error = msg;
  banner(msg, 'error');
  console.warn(`rewire demo: ${msg}`);
}

// ---------------------------------------------------------------- state
let gpu: GpuContext | null = null;
let renderer: AtomRenderer | null = null;
let sim: DemoSim | null = null;
let camera: OrbitCamera | null = null;
let session = 0; // bumps on reset / device recovery; stale loops exit
let paused = false;
let stepOnce = false;
const actions: (() => Promise<void>)[] = []; // engine changes, run between batches by the sim loop
let lastCheckpoint: { ck: EngineCheckpoint; settings: SimSettings } | null = null;
let recovering = false;

const transportChoice = () => [$<HTMLSelectElement>('model').value as TransportModel, $<HTMLSelectElement>('leads').value as LeadMode] as const;
const transport = new LiveConductance(
  ...transportChoice(),
  (row) => {
    hook.conductance.push({ timeFs: row.timeFs, T: row.T });
    // the plot keeps the latest 2000 points (the CSV export has them all)
    const pts = transport.rows.filter((r) => Number.isFinite(r.T)).slice(-2000); // failed rows (T = NaN) are not drawn
    void plots.update(pts.map((r) => ({ timeFs: r.timeFs, T: r.T, bridged: r.bridged })), row.channels).catch(fail);
    if (row.error) $('trNote').textContent = `last snapshot: ${row.error}`;
    $('gapInfo').textContent = `${row.gapAtoms} atoms in the gap, cross-section ${row.crossSection}, ${row.bridged ? 'bridged' : 'open'} (t = ${row.timeFs} fs, T = ${Number.isFinite(row.T) ? row.T.toFixed(3) : '–'})`;
  },
  (e) => fail(new Error(`conductance worker: ${e.message}`)),
);
const plots = new Plots($('tracePlot'), $('channelPlot'));

function settingsFromForm(): SimSettings {
  return {
    potential: $<HTMLSelectElement>('potential').value === 'eam' ? 'eam' : 'reaxff',
    base: num('base'),
    gap: num('gap'),
    volt: num('volt'),
    temperature: num('temp'),
    seed: DEMO_DEFAULTS.seed,
  };
}

function colorMode(): ColorMode {
  return $<HTMLSelectElement>('color').value as ColorMode;
}

/** Palette range: ±0.25 e for charges, ±V/2 for Φ (the electrode values). */
function colorRange(): number {
  const m = colorMode();
  if (m === 'phi') return Math.max(0.5, Math.abs(sim?.settings.volt ?? 0) / 2);
  return 0.25;
}

function updateLegend(): void {
  const m = colorMode();
  const r = colorRange();
  const tips = m === 'tip';
  $('legendTips').hidden = !tips;
  for (const id of ['legendLo', 'legendBar', 'legendHi']) $(id).hidden = tips;
  $('legendTitle').textContent = m === 'charge' ? 'charge q (e)' : m === 'phi' ? 'Φ (V)' : 'atoms by origin:';
  $('legendLo').textContent = `−${+r.toFixed(2)}`;
  $('legendHi').textContent = `+${+r.toFixed(2)}`;
}

function initLegend(): void {
  $('legendBar').style.background = cssDiverging();
  $('swLower').style.background = cssColor(PALETTE.tipLower);
  $('swUpper').style.background = cssColor(PALETTE.tipUpper);
  $('swGap').style.background = cssColor(PALETTE.gap);
  updateLegend();
}

function defaultStepsPerFrame(s: SimSettings, g: GpuContext): number {
  // keep one batch well under a frame budget of ~100 ms on software adapters (SwiftShader)
  if (g.isFallback) return s.potential === 'reaxff' ? 2 : 10;
  return s.potential === 'reaxff' ? 10 : 50;
}

// ---------------------------------------------------------------- GPU + session
async function startGpu(): Promise<void> {
  gpu = await acquireGpu({ log: (m) => console.log(m) });
  hook.adapter = gpu.description;
  hook.fallbackAdapter = gpu.isFallback;
  $('adapter').textContent = gpu.description + (gpu.isFallback ? ' — a software adapter: correct but slow' : '');
  const g = gpu;
  g.device.lost.then((info) => {
    if (g !== gpu) return;
    hook.deviceLosses++;
    void recover(`GPU device lost (${info.reason}${info.message ? `: ${info.message}` : ''})`);
  });
  g.device.addEventListener('uncapturederror', (ev) => fail(new Error(`WebGPU: ${(ev as GPUUncapturedErrorEvent).error.message}`)));
  // sharp on HiDPI screens; a software adapter pays per pixel, so it draws at CSS resolution
  const dpr = g.isFallback ? 1 : Math.min(2, window.devicePixelRatio || 1);
  canvas.width = Math.round(canvas.clientWidth * dpr);
  canvas.height = Math.round(canvas.clientHeight * dpr);
  renderer?.dispose();
  renderer = await AtomRenderer.create(g.device, canvas);
}

/** Ends the running sim loop (it finishes its current batch or readback) before its engine goes. */
async function stopLoop(): Promise<void> {
  session++;
  actions.length = 0;
  const done = loopDone;
  loopDone = null;
  // a loop on a lost device rejects out at once; never wait long for one
  if (done) await Promise.race([done, new Promise((r) => setTimeout(r, 3000))]);
}
let loopDone: Promise<void> | null = null;

async function startSession(settings: SimSettings, resume?: EngineCheckpoint): Promise<void> {
  await stopLoop();
  const my = session;
  const old = sim;
  sim = null;
  old?.dispose();
  hook.ready = false;
  $('atoms').textContent = 'building…';
  if (!resume) Object.assign(hook, { step: 0, timeFs: 0 });
  const s = await DemoSim.create(gpu!, settings);
  if (resume) await s.engine.restore(resume);
  if (my !== session) {
    s.dispose();
    return;
  }
  sim = s;
  const box = s.gapBox();
  renderer!.setSource({ ...s.engine.renderBuffers(), origin: s.system.origin, fixed: s.system.fixed, gapLo: box.lo, gapHi: box.hi });
  if (!camera || !resume) {
    const b = s.system.box;
    camera = new OrbitCamera(OrbitCamera.framing(b.lo.map((x) => x + 8), b.hi.map((x) => x - 8)));
    detachCamera?.();
    detachCamera = camera.attach(canvas);
  }
  if (!resume) {
    transport.clear();
    hook.conductance = [];
    void plots.update([], []).catch(fail);
    spf.value = String(requestedSpf || defaultStepsPerFrame(settings, gpu!));
    turnMs = 0;
    lastTurn = 0;
    spf.dispatchEvent(new Event('input'));
  }
  $<HTMLInputElement>('volt').disabled = !s.hasVoltage;
  $<HTMLButtonElement>('reverse').disabled = !s.hasVoltage;
  Object.assign(hook, { atoms: s.n, potential: s.settings.potential, volt: s.settings.volt, targetK: s.settings.temperature, step: s.engine.step, timeFs: s.timeFs, error: '' });
  if (!resume) hook.charges = { plusTip: 0, minusTip: 0 };
  $('atoms').textContent = `${s.n} (${s.settings.potential === 'reaxff' ? 'ReaxFF-Ag + QEq + EChemDID' : 'EAM'}, ${s.system.fixed.reduce((a, b) => a + b, 0)} fixed)`;
  updateLegend();
  hook.ready = true;
  loopDone = simLoop(my, s);
}
let detachCamera: (() => void) | null = null;

/** After a device loss: a fresh device and the state of the last checkpoint, or an explanation. */
async function recover(reason: string): Promise<void> {
  if (recovering) return;
  recovering = true;
  session++; // stops the loops of the lost device (startSession waits for them)
  const from = lastCheckpoint;
  banner(`${reason}. Recovering on a new device${from ? ` from the state at ${(from.ck.step * 1).toFixed(0)} steps` : ''}…`);
  try {
    await startGpu();
    await startSession(from?.settings ?? settingsFromForm(), from?.ck);
    banner(`${reason}; recovered on a new device${from ? ` from step ${from.ck.step}` : ' (restarted: no checkpoint yet)'}.`);
  } catch (e) {
    fail(new Error(`${reason}, and a new device could not be started (${(e as Error).message}). Reload the page; if it keeps happening, close other GPU-heavy tabs or start Chrome with --disable-gpu-watchdog.`));
  } finally {
    recovering = false;
  }
}

// ---------------------------------------------------------------- loops
/** Resolves after the draw loop's next frame (drawn or skipped): batches and draws alternate. */
let frameWaiters: (() => void)[] = [];
const nextFrame = () => new Promise<void>((r) => frameWaiters.push(r));

async function simLoop(my: number, s: DemoSim): Promise<void> {
  let lastRead = 0, lastCk = performance.now(), lastSnapFs = -Infinity;
  let rateT0 = performance.now(), rateSteps = 0;
  try {
    while (my === session) {
      await nextFrame();
      if (my !== session) return;
      const act = actions.shift();
      if (act) {
        await act();
        renderer!.updateBuffers(s.engine.renderBuffers());
        continue;
      }
      let stepped = false;
      if (!paused || stepOnce) {
        const n = paused ? 1 : Math.max(1, Number(spf.value));
        await s.run(n);
        if (!paused) autoStepsPerFrame(performance.now());
        rateSteps += n;
        stepped = stepOnce;
        stepOnce = false;
      }
      const now = performance.now();
      if (now - rateT0 > 1000) {
        hook.atomStepsPerS = (rateSteps * s.n * 1000) / (now - rateT0);
        $('speed').textContent = hook.atomStepsPerS.toFixed(0);
        rateT0 = now;
        rateSteps = 0;
      }
      hook.step = s.engine.step;
      hook.timeFs = s.timeFs;
      $('time').textContent = s.timeFs.toFixed(0);
      $('stepNo').textContent = String(s.engine.step);
      if (now - lastRead > 500 || stepped) {
        lastRead = now;
        const t = await s.thermo();
        hook.charges = await s.tipCharges();
        hook.temperatureK = t.temperature;
        $('tempNow').textContent = `${t.temperature.toFixed(0)} K (target ${s.settings.temperature} K)`;
        $('qPlus').textContent = hook.charges.plusTip.toFixed(2);
        $('qMinus').textContent = hook.charges.minusTip.toFixed(2);
        $('qeqIt').textContent = t.extra?.qeqIterations !== undefined ? String(t.extra.qeqIterations) : '–';
      }
      if (!transport.busy && !paused && s.timeFs - lastSnapFs >= Math.max(1, num('snapEvery'))) {
        lastSnapFs = s.timeFs;
        transport.submit(await s.snapshot());
      }
      if (now - lastCk > 5000) {
        lastCk = now;
        lastCheckpoint = { ck: await s.engine.checkpoint(), settings: { ...s.settings } };
      }
    }
  } catch (e) {
    // a reset or a lost device ended this loop: the device's lost promise may settle after the
    // failed readback, so give it a few seconds before calling this a simulation error
    const lost = await Promise.race([s.gpu.device.lost.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
    if (lost || my !== session) return;
    paused = true;
    $('toggle').textContent = 'Run';
    fail(e);
  }
}

let frames = 0, fpsT0 = performance.now(), lastDraw = 0, lastKey = '';
/**
 * One display frame: draw if something changed (new MD step, camera, style) or 200 ms passed,
 * then release the sim loop for its next batch. The GPU queue then holds at most one batch ahead
 * of each draw, so a frame never waits for more than one batch; nothing here awaits the GPU.
 */
function drawLoop(now: number): void {
  requestAnimationFrame(drawLoop);
  if (renderer && camera && sim) {
    const style = { mode: colorMode(), range: colorRange(), radius: 1.2, highlightGap: $<HTMLInputElement>('highlight').checked };
    const key = `${sim.engine.step}|${JSON.stringify(camera.state)}|${JSON.stringify(style)}|${canvas.width}x${canvas.height}`;
    if (key !== lastKey || now - lastDraw > 200) {
      lastDraw = now;
      lastKey = key;
      try {
        camera.update(canvas.width / canvas.height);
        renderer.draw(camera.view, camera.proj, style);
        frames++;
        hook.frames++;
      } catch (e) {
        fail(e);
      }
    }
  }
  if (now - fpsT0 > 1000) {
    hook.fps = (frames * 1000) / (now - fpsT0);
    $('fps').textContent = hook.fps.toFixed(1);
    frames = 0;
    fpsT0 = now;
  }
  const w = frameWaiters;
  frameWaiters = [];
  for (const r of w) r();
}

/**
 * "auto" steps per frame: grows the batch while a loop turn (batch + one draw) stays under
 * a target (160 ms on a software adapter, 25 ms on a GPU) and shrinks it above, so the page keeps ≥ ~6 fps on SwiftShader and
 * ~40 fps on a GPU while the simulation gets the rest. Turns are smoothed; steps change by ≤ 25 %.
 */
let turnMs = 0, lastTurn = 0;
function autoStepsPerFrame(now: number): void {
  const dt = lastTurn ? now - lastTurn : 0;
  lastTurn = now;
  if (!dt || !$<HTMLInputElement>('auto').checked) return;
  turnMs = turnMs ? 0.8 * turnMs + 0.2 * dt : dt;
  const target = gpu?.isFallback ? 160 : 25;
  const n = Number(spf.value);
  let next = n;
  if (turnMs < 0.8 * target) next = Math.ceil(n * 1.25);
  else if (turnMs > target) next = Math.floor(n * 0.8);
  next = Math.max(1, Math.min(Number(spf.max), next));
  if (next !== n) {
    spf.value = String(next);
    spf.dispatchEvent(new Event('input'));
  }
}

// ---------------------------------------------------------------- controls
function queueChange(p: { volt?: number; temperature?: number }): void {
  actions.push(async () => {
    await sim!.change(p);
    hook.volt = sim!.settings.volt;
    hook.targetK = sim!.settings.temperature;
    $<HTMLInputElement>('volt').value = String(sim!.settings.volt);
    updateLegend();
  });
}

function download(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function wireControls(): void {
  spf.onchange = () => ($<HTMLInputElement>('auto').checked = false); // a hand-set value sticks
  spf.oninput = () => {
    $('spfv').textContent = spf.value;
    hook.stepsPerFrame = Number(spf.value);
  };
  $('volt').onchange = () => queueChange({ volt: num('volt') });
  $('reverse').onclick = () => {
    const v = -(sim?.settings.volt ?? num('volt'));
    $<HTMLInputElement>('volt').value = String(v);
    queueChange({ volt: v });
  };
  $('temp').onchange = () => {
    if (num('temp') > 0) queueChange({ temperature: num('temp') });
  };
  $('toggle').onclick = () => {
    paused = !paused;
    hook.paused = paused;
    $('toggle').textContent = paused ? 'Run' : 'Pause';
  };
  $('step').onclick = () => {
    if (!paused) $('toggle').click();
    stepOnce = true;
  };
  $('reset').onclick = () => void startSession(settingsFromForm()).catch(fail);
  $('defaults').onclick = () => {
    const d = DEMO_DEFAULTS;
    $<HTMLSelectElement>('potential').value = d.potential;
    for (const [id, v] of [['base', d.base], ['gap', d.gap], ['volt', d.volt], ['temp', d.temperature]] as const) $<HTMLInputElement>(id).value = String(v);
    void startSession(settingsFromForm()).catch(fail);
  };
  $('color').onchange = updateLegend;
  // keys: space = pause/run, s = step, r = reverse the voltage (not while a control has the focus)
  window.addEventListener('keydown', (e) => {
    if ((e.target as HTMLElement).closest?.('input, select, textarea, button')) return;
    const click = { ' ': 'toggle', s: 'step', r: 'reverse' }[e.key];
    if (!click) return;
    e.preventDefault();
    $(click).click();
  });
  $('model').onchange = $('leads').onchange = () => transport.configure(...transportChoice());
  $('csv').onclick = () => download('conductance.csv', transport.csv(), 'text/csv');
  $('xyz').onclick = () =>
    actions.push(async () => {
      download(`structure_${sim!.engine.step}.xyz`, await sim!.extxyz(), 'chemical/x-xyz');
    });
}

const HOW_TO_ENABLE = 'How to enable it: use a recent Chrome or Edge (113+), Safari 26+, or Firefox 141+ on Windows, with hardware acceleration on.\n' +
  'On Linux start Chrome with  --enable-unsafe-webgpu --enable-features=Vulkan  (or enable chrome://flags/#enable-unsafe-webgpu and #enable-vulkan).\n' +
  'Without a GPU, Chrome can still run it on SwiftShader:  --enable-unsafe-webgpu --enable-features=Vulkan --use-vulkan=swiftshader --use-angle=swiftshader\n' +
  'The page must come from https:// or from localhost.';

/**
 * Page parameters prefill the form (shareable links, the benchmark): ?potential=eam|reaxff&base=20
 * &gap=5&volt=8&temp=800&spf=2 (fixed; default auto)&color=charge|phi|tip&model=s|spd&leads=tips|paper.
 */
function applyUrlParams(): void {
  const q = new URLSearchParams(location.search);
  for (const id of ['potential', 'base', 'gap', 'volt', 'temp', 'color', 'model', 'leads']) {
    const v = q.get(id);
    if (v !== null) ($(id) as HTMLInputElement | HTMLSelectElement).value = v;
  }
  const n = Number(q.get('spf'));
  if (n >= 1) {
    requestedSpf = n;
    $<HTMLInputElement>('auto').checked = false;
  }
}
let requestedSpf = 0;

async function main(): Promise<void> {
  applyUrlParams();
  transport.configure(...transportChoice());
  initLegend();
  wireControls();
  if (!('gpu' in navigator)) throw new Error(`This browser does not expose WebGPU (navigator.gpu is missing), so the simulation cannot run here.\n${HOW_TO_ENABLE}`);
  try {
    await startGpu();
  } catch (e) {
    throw new Error(`WebGPU is present but no GPU adapter could be started (${(e as Error).message}).\n${HOW_TO_ENABLE}`);
  }
  if (gpu!.isFallback) banner(`WebGPU runs on a software adapter (${gpu!.description}): everything works, but slowly. Enable hardware acceleration (chrome://gpu) for real speed.`);
  requestAnimationFrame(drawLoop);
  await startSession(settingsFromForm());
}

main().catch(fail);
