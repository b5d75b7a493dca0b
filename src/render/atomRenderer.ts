/**
 * WebGPU render pipeline for the MD atoms: instanced sphere impostors that read the simulation's
 * own position (and Φ) buffers as read-only storage in the vertex stage — no per-frame copy or
 * readback. Shaders: shaders/render/{atoms,gapBox,view}.wgsl via the one loader (src/gpu/shaders.ts).
 * Not physics: it only draws what the engine's buffers hold.
 */
import { loadShader } from '../gpu/shaders.ts';
import { PALETTE, type Rgb } from './palette.ts';

export type ColorMode = 'charge' | 'phi' | 'tip';
const MODE_ID: Record<ColorMode, number> = { charge: 0, phi: 1, tip: 2 };

/** Float slots of the View uniform (shaders/render/view.wgsl): 2 mat4 + 8 vec4 + 4 scalars. */
const VIEW_FLOATS = 68;
const DEPTH_FORMAT: GPUTextureFormat = 'depth24plus';

/** What to draw: the engine's live buffers plus per-atom tags uploaded once. */
export interface AtomSource {
  n: number;
  /** array<vec4f> [n]: xyz Å, w = charge e (the engine's atoms.pos) */
  pos: GPUBuffer;
  /** array<f32> [n]: Φ in V, or null (drawn as 0) */
  phi: GPUBuffer | null;
  /** [n] tip of origin (0 lower, 1 upper) */
  origin: ArrayLike<number>;
  /** [n] 1 = fixed base atom */
  fixed: ArrayLike<number>;
  /** gap box, Å: atoms inside are rimmed and the box is drawn */
  gapLo: ArrayLike<number>;
  gapHi: ArrayLike<number>;
}

export interface DrawStyle {
  mode: ColorMode;
  /** |q| (e) or |Φ| (V) at the palette ends */
  range: number;
  /** sphere radius, Å */
  radius: number;
  highlightGap: boolean;
}

export class AtomRenderer {
  private readonly uniform: GPUBuffer;
  private readonly uni = new ArrayBuffer(4 * VIEW_FLOATS);
  private depth: GPUTexture | null = null;
  private bindGroup: GPUBindGroup | null = null;
  private boxBindGroup: GPUBindGroup | null = null;
  private tags: GPUBuffer | null = null;
  private zeroPhi: GPUBuffer | null = null;
  private bound: { pos: GPUBuffer; phi: GPUBuffer | null } | null = null;
  private src: AtomSource | null = null;

  private constructor(
    readonly device: GPUDevice,
    readonly context: GPUCanvasContext,
    readonly format: GPUTextureFormat,
    private readonly atomPipeline: GPURenderPipeline,
    private readonly boxPipeline: GPURenderPipeline,
  ) {
    this.uniform = device.createBuffer({ label: 'render.view', size: 4 * VIEW_FLOATS, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  }

  static async create(device: GPUDevice, canvas: HTMLCanvasElement): Promise<AtomRenderer> {
    const context = canvas.getContext('webgpu');
    if (!context) throw new Error('canvas.getContext("webgpu") returned null');
    const format = navigator.gpu.getPreferredCanvasFormat();
    context.configure({ device, format, alphaMode: 'opaque' });
    const [atomsCode, boxCode] = await Promise.all([loadShader('render/atoms.wgsl'), loadShader('render/gapBox.wgsl')]);
    const atoms = device.createShaderModule({ label: 'render/atoms.wgsl', code: atomsCode });
    const box = device.createShaderModule({ label: 'render/gapBox.wgsl', code: boxCode });
    for (const [name, m] of [['render/atoms.wgsl', atoms], ['render/gapBox.wgsl', box]] as const) {
      const errs = (await m.getCompilationInfo()).messages.filter((x) => x.type === 'error');
      if (errs.length) throw new Error(`WGSL ${name}: ${errs.map((x) => `line ${x.lineNum}: ${x.message}`).join('; ')}`);
    }
    const atomLayout = device.createBindGroupLayout({
      label: 'render.atoms',
      entries: [
        { binding: 0, visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT, buffer: { type: 'uniform' } },
        ...[1, 2, 3].map((binding) => ({ binding, visibility: GPUShaderStage.VERTEX, buffer: { type: 'read-only-storage' as const } })),
      ],
    });
    const boxLayout = device.createBindGroupLayout({
      label: 'render.gapBox',
      entries: [{ binding: 0, visibility: GPUShaderStage.VERTEX | GPUShaderStage.FRAGMENT, buffer: { type: 'uniform' } }],
    });
    const [atomPipeline, boxPipeline] = await Promise.all([
      device.createRenderPipelineAsync({
        label: 'render.atoms',
        layout: device.createPipelineLayout({ bindGroupLayouts: [atomLayout] }),
        vertex: { module: atoms, entryPoint: 'vs' },
        fragment: { module: atoms, entryPoint: 'fs', targets: [{ format }] },
        primitive: { topology: 'triangle-list' },
        depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: true, depthCompare: 'less' },
      }),
      device.createRenderPipelineAsync({
        label: 'render.gapBox',
        layout: device.createPipelineLayout({ bindGroupLayouts: [boxLayout] }),
        vertex: { module: box, entryPoint: 'vs' },
        fragment: {
          module: box,
          entryPoint: 'fs',
          targets: [{ format, blend: { color: { srcFactor: 'src-alpha', dstFactor: 'one-minus-src-alpha' }, alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' } } }],
        },
        primitive: { topology: 'line-list' },
        depthStencil: { format: DEPTH_FORMAT, depthWriteEnabled: false, depthCompare: 'less' },
      }),
    ]);
    const r = new AtomRenderer(device, context, format, atomPipeline, boxPipeline);
    r.boxBindGroup = device.createBindGroup({ layout: boxPipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: r.uniform } }] });
    return r;
  }

  /** Sets the atoms to draw (a new engine or system): tags are uploaded once, buffers bound live. */
  setSource(src: AtomSource): void {
    this.src = src;
    this.tags?.destroy();
    this.zeroPhi?.destroy();
    const tags = new Uint32Array(src.n);
    for (let i = 0; i < src.n; i++) tags[i] = (src.origin[i] === 1 ? 1 : 0) | (src.fixed[i] ? 2 : 0);
    this.tags = this.device.createBuffer({ label: 'render.tags', size: Math.max(16, 4 * src.n), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    this.device.queue.writeBuffer(this.tags, 0, tags);
    this.zeroPhi = this.device.createBuffer({ label: 'render.zeroPhi', size: Math.max(16, 4 * src.n), usage: GPUBufferUsage.STORAGE });
    this.bound = null;
  }

  /** Rebinds when the engine hands out different buffers (e.g. after a restore); cheap otherwise. */
  updateBuffers(b: { pos: GPUBuffer; phi: GPUBuffer | null }): void {
    if (this.src) {
      this.src.pos = b.pos;
      this.src.phi = b.phi;
    }
  }

  private ensureBindGroup(): void {
    const s = this.src!;
    if (this.bound && this.bound.pos === s.pos && this.bound.phi === s.phi) return;
    this.bindGroup = this.device.createBindGroup({
      label: 'render.atoms',
      layout: this.atomPipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.uniform } },
        { binding: 1, resource: { buffer: s.pos, size: 16 * s.n } },
        { binding: 2, resource: { buffer: s.phi ?? this.zeroPhi!, size: 4 * s.n } },
        { binding: 3, resource: { buffer: this.tags!, size: 4 * s.n } },
      ],
    });
    this.bound = { pos: s.pos, phi: s.phi };
  }

  private writeUniforms(view: ArrayLike<number>, proj: ArrayLike<number>, style: DrawStyle): void {
    const f = new Float32Array(this.uni), u = new Uint32Array(this.uni);
    const s = this.src!;
    f.set(view, 0);
    f.set(proj, 16);
    const put = (slot: number, c: Rgb | ArrayLike<number>, w = 1) => {
      f[slot] = c[0]!; f[slot + 1] = c[1]!; f[slot + 2] = c[2]!; f[slot + 3] = w;
    };
    put(32, PALETTE.neg); put(36, PALETTE.mid); put(40, PALETTE.pos);
    put(44, PALETTE.tipLower); put(48, PALETTE.tipUpper); put(52, PALETTE.gap);
    put(56, s.gapLo, 0); put(60, s.gapHi, 0);
    f[64] = style.radius;
    f[65] = style.range > 0 ? style.range : 1;
    u[66] = MODE_ID[style.mode];
    u[67] = style.highlightGap ? 1 : 0;
    this.device.queue.writeBuffer(this.uniform, 0, this.uni);
  }

  /** Encodes and submits one frame. Never waits on the GPU. */
  draw(view: ArrayLike<number>, proj: ArrayLike<number>, style: DrawStyle): void {
    const tex = this.context.getCurrentTexture();
    if (!this.depth || this.depth.width !== tex.width || this.depth.height !== tex.height) {
      this.depth?.destroy();
      this.depth = this.device.createTexture({ label: 'render.depth', size: [tex.width, tex.height], format: DEPTH_FORMAT, usage: GPUTextureUsage.RENDER_ATTACHMENT });
    }
    const bg = PALETTE.background;
    const enc = this.device.createCommandEncoder({ label: 'render.frame' });
    const pass = enc.beginRenderPass({
      colorAttachments: [{ view: tex.createView(), clearValue: { r: bg[0], g: bg[1], b: bg[2], a: 1 }, loadOp: 'clear', storeOp: 'store' }],
      depthStencilAttachment: { view: this.depth.createView(), depthClearValue: 1, depthLoadOp: 'clear', depthStoreOp: 'store' },
    });
    if (this.src) {
      this.writeUniforms(view, proj, style);
      this.ensureBindGroup();
      pass.setPipeline(this.atomPipeline);
      pass.setBindGroup(0, this.bindGroup!);
      pass.draw(6, this.src.n);
      if (style.highlightGap) {
        pass.setPipeline(this.boxPipeline);
        pass.setBindGroup(0, this.boxBindGroup!);
        pass.draw(24);
      }
    }
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  dispose(): void {
    this.tags?.destroy();
    this.zeroPhi?.destroy();
    this.depth?.destroy();
    this.uniform.destroy();
    this.src = null;
  }
}
