/**
 * Browser demo: the unchanged MD engine in a page. No physics here — it only builds a system,
 * creates the engine through the same modules as the runner, and draws what it reads back.
 * Test hook: window.__rewire = { step, temperature, atoms, error }.
 */
import { acquireGpu } from '../src/gpu/device.ts';
import { buildTips } from '../src/system/builders/tips.ts';
import { createEngine } from '../src/runner/backend.ts';

const $ = (id: string) => document.getElementById(id)!;
const state = { step: 0, temperature: 0, atoms: 0, error: '' as string, running: true };
(window as unknown as { __rewire: typeof state }).__rewire = state;

async function start(): Promise<void> {
  const gpu = await acquireGpu({ log: (m) => console.log(m) });
  $('adapter').textContent = gpu.description + (gpu.isFallback ? ' — software, slow' : '');
  const system = buildTips({ base: 24, gap: 8.3, lattice: 4.09, fixedLayers: 1 });
  state.atoms = system.n;
  $('atoms').textContent = String(system.n);
  const engine = await createEngine(system, { kind: 'eam' }, 'webgpu', gpu, {
    dt: 1, skin: 1, seed: 1, thermostat: { kind: 'nvt', temperature: 800, tdamp: 100, chain: 3 },
  });
  const canvas = $('view') as HTMLCanvasElement;
  const ctx = canvas.getContext('2d')!;
  const spf = $('spf') as HTMLInputElement;
  spf.oninput = () => ($('spfv').textContent = spf.value);
  $('toggle').onclick = () => {
    state.running = !state.running;
    $('toggle').textContent = state.running ? 'Pause' : 'Run';
  };
  // fixed view window from the initial structure
  let xmin = Infinity, xmax = -Infinity, zmin = Infinity, zmax = -Infinity;
  for (let i = 0; i < system.n; i++) {
    xmin = Math.min(xmin, system.positions[3 * i]!); xmax = Math.max(xmax, system.positions[3 * i]!);
    zmin = Math.min(zmin, system.positions[3 * i + 2]!); zmax = Math.max(zmax, system.positions[3 * i + 2]!);
  }
  const span = Math.max(xmax - xmin, zmax - zmin) + 8;
  const cx = (xmin + xmax) / 2, cz = (zmin + zmax) / 2;
  const sc = canvas.width / span;
  let last = performance.now();
  const frame = async () => {
    try {
      if (state.running) {
        const n = Number(spf.value);
        await engine.run(n);
        const t = await engine.thermo();
        const now = performance.now();
        state.step = t.step;
        state.temperature = t.temperature;
        $('step').textContent = String(t.step);
        $('time').textContent = (t.time / 1000).toFixed(3);
        $('temp').textContent = t.temperature.toFixed(1);
        $('pe').textContent = t.potential.toFixed(3);
        $('speed').textContent = ((1000 * n) / (now - last)).toFixed(0);
        last = now;
        const { positions } = await engine.snapshot();
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < system.n; i++) {
          const px = canvas.width / 2 + (positions[3 * i]! - cx) * sc;
          const pz = canvas.height / 2 - (positions[3 * i + 2]! - cz) * sc;
          ctx.fillStyle = system.fixed[i] ? '#999' : system.origin[i] === 0 ? '#c0392b' : '#2c6fbb';
          ctx.beginPath();
          ctx.arc(px, pz, 1.3 * sc * 0.7, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      requestAnimationFrame(frame);
    } catch (e) {
      state.error = String(e);
      $('error').textContent = String(e);
    }
  };
  requestAnimationFrame(frame);
}

start().catch((e) => {
  state.error = String((e as Error).message ?? e);
  $('error').textContent = state.error;
});
