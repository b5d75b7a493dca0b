/**
 * Live plots with vega-lite: the conductance trace T(t) and the latest eigenchannel
 * transmissions. Data are replaced in place (view.data(...).runAsync()), no re-parse per point.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface TracePoint { timeFs: number; T: number; bridged: boolean }

function view(el: HTMLElement, spec: TopLevelSpec): vega.View {
  return new vega.View(vega.parse(compile(spec).spec), { renderer: 'svg', container: el, hover: false });
}

export class Plots {
  private trace: vega.View;
  private channels: vega.View;
  private ready: Promise<unknown>;

  constructor(traceEl: HTMLElement, channelsEl: HTMLElement) {
    this.trace = view(traceEl, {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420, height: 170,
      params: [{ name: 'ymax', value: 1 }],
      data: { name: 'trace', values: [] },
      layer: [
        { mark: { type: 'line', interpolate: 'step-after', color: '#555' } },
        { mark: { type: 'point', filled: true, size: 30 }, encoding: { color: { field: 'bridged', type: 'nominal', scale: { domain: [false, true], range: ['#2c6fbb', '#d62728'] }, legend: { title: 'bridged', orient: 'top-left' } } } },
      ],
      encoding: {
        x: { field: 'timeFs', type: 'quantitative', title: 'simulated time (fs)', axis: { format: 'd', tickMinStep: 1 } },
        y: { field: 'T', type: 'quantitative', title: 'T = G / G₀', scale: { domainMin: 0, domainMax: { expr: 'ymax' }, nice: true }, axis: { format: '~g' } },
      },
    });
    this.channels = view(channelsEl, {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 120, height: 150,
      data: { name: 'channels', values: [] },
      config: { axisX: { labelAngle: 0 } },
      mark: { type: 'bar', color: '#2c6fbb' },
      encoding: {
        x: { field: 'channel', type: 'ordinal', title: 'eigenchannel' },
        y: { field: 'tau', type: 'quantitative', title: 'τ (latest)', scale: { domain: [0, 1] } },
      },
    });
    this.ready = Promise.all([this.trace.runAsync(), this.channels.runAsync()]);
  }

  async update(points: TracePoint[], latestChannels: number[]): Promise<void> {
    await this.ready;
    const ymax = Math.max(1, ...points.map((p) => 1.1 * p.T)); // at least one conductance quantum
    await this.trace.signal('ymax', ymax).data('trace', points.map((p) => ({ ...p }))).runAsync();
    await this.channels.data('channels', latestChannels.map((tau, i) => ({ channel: i + 1, tau: Number.isFinite(tau) ? tau : 0 }))).runAsync();
  }
}
