/**
 * Orbit camera (gl-matrix): rotates about a target with the mouse, zooms with the wheel,
 * double-click resets. z is up (the tips' axis). Units: Å, radians.
 */
import { mat4, vec3 } from 'gl-matrix';

export interface OrbitState {
  target: [number, number, number];
  distance: number;
  azimuth: number;
  elevation: number;
}

export class OrbitCamera {
  state: OrbitState;
  private readonly home: OrbitState;
  readonly view = mat4.create();
  readonly proj = mat4.create();
  fovY = (35 * Math.PI) / 180;

  constructor(home: OrbitState) {
    this.home = { ...home, target: [...home.target] };
    this.state = { ...home, target: [...home.target] };
  }

  /** Frames a bounding box [lo, hi] (Å) seen from the side. */
  static framing(lo: ArrayLike<number>, hi: ArrayLike<number>, fovY = (35 * Math.PI) / 180): OrbitState {
    const c: [number, number, number] = [0, 1, 2].map((d) => 0.5 * (lo[d]! + hi[d]!)) as [number, number, number];
    const r = 0.5 * Math.hypot(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!);
    return { target: c, distance: (1.05 * r) / Math.sin(fovY / 2), azimuth: 0.6, elevation: 0.25 };
  }

  reset(): void {
    this.state = { ...this.home, target: [...this.home.target] };
  }

  rotate(dAz: number, dEl: number): void {
    this.state.azimuth += dAz;
    this.state.elevation = Math.max(-1.5, Math.min(1.5, this.state.elevation + dEl));
  }

  zoom(factor: number): void {
    this.state.distance = Math.max(5, Math.min(2000, this.state.distance * factor));
  }

  /** Updates view and proj for a canvas aspect ratio (width / height). */
  update(aspect: number): void {
    const s = this.state;
    const ce = Math.cos(s.elevation);
    const eye = vec3.fromValues(
      s.target[0] + s.distance * ce * Math.cos(s.azimuth),
      s.target[1] + s.distance * ce * Math.sin(s.azimuth),
      s.target[2] + s.distance * Math.sin(s.elevation),
    );
    mat4.lookAt(this.view, eye, vec3.fromValues(...s.target), vec3.fromValues(0, 0, 1));
    // WebGPU clip space has z in [0, 1]
    mat4.perspectiveZO(this.proj, this.fovY, aspect, 0.5, 4 * s.distance + 100);
  }

  /** Mouse drag = orbit, wheel = zoom, double-click = home view. Returns a detach function. */
  attach(el: HTMLElement): () => void {
    let drag: { x: number; y: number } | null = null;
    const down = (e: PointerEvent) => {
      drag = { x: e.clientX, y: e.clientY };
      el.setPointerCapture(e.pointerId);
    };
    const move = (e: PointerEvent) => {
      if (!drag) return;
      this.rotate(-0.01 * (e.clientX - drag.x), 0.01 * (e.clientY - drag.y));
      drag = { x: e.clientX, y: e.clientY };
    };
    const up = () => (drag = null);
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      this.zoom(Math.exp(0.001 * e.deltaY));
    };
    const dbl = () => this.reset();
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('dblclick', dbl);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('wheel', wheel);
      el.removeEventListener('dblclick', dbl);
    };
  }
}
