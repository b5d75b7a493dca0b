import { describe, expect, it } from 'vitest';
import { parseTable, readSmuTable } from '../../src/io/smuCsv.ts';
import { readConductanceTable, conductanceFromSmu } from '../../src/analysis/samples.ts';
import { G0_SIEMENS_EXACT } from '../../src/analysis/conductanceUnits.ts';

const RUN_CSV = `time_fs,T_EF,channel_1,gap_atoms,cross_section,bridged,step
0,0.000001,0,2,0,0,1000
8600,0.95,0.95,5,1,1,9600
17200,NaN,NaN,6,1,1,18200
25800,2.1,1.0,8,2,true,26800
`;

describe('conductance tables', () => {
  it('reads a run conductance.csv (T_EF), skipping and counting NaN', () => {
    const s = readConductanceTable(RUN_CSV, 'conductance.csv');
    expect(s.read).toBe(4);
    expect(s.skipped).toBe(1);
    expect(Array.from(s.g)).toEqual([0.000001, 0.95, 2.1]);
    const tr = s.traces[0]!;
    expect(Array.from(tr.bridged!)).toEqual([0, 1, 1]);
    expect(Array.from(tr.crossSection!)).toEqual([0, 1, 2]);
    expect(tr.timeUnit).toBe('fs');
  });
  it('an ensemble file with a seed column gives one trace per seed', () => {
    const csv = 'seed,time_fs,T,gap_atoms,cross_section,bridged\n1,0,0,0,0,0\n1,10,1,3,1,1\n2,0,0.5,0,0,0\n2,10,2,4,2,1\n';
    const s = readConductanceTable(csv, 'ens.csv');
    expect(s.traces.map((t) => t.seed)).toEqual([1, 2]);
    expect(Array.from(s.traces[1]!.g)).toEqual([0.5, 2]);
  });
  it('errors name the line and the column', () => {
    expect(() => readConductanceTable('time_fs,gap_atoms\n0,1\n', 'a.csv')).toThrow(/a\.csv:1: no conductance column.*T, T_EF/);
    expect(() => readConductanceTable('time_fs,T\n0,1\n10,x\n', 'b.csv')).toThrow(/b\.csv:3 column 'T': 'x' is not a finite number/);
    expect(() => readConductanceTable('time_fs,T\n0,1\n10,1\n5,1\n', 'c.csv')).toThrow(/c\.csv:4 column 'time_fs': time goes back/);
    expect(() => readConductanceTable('time_fs,T\n0,1\n10\n', 'd.csv')).toThrow(/d\.csv:3: 1 cell/);
  });
});

describe('measured (SMU) exports', () => {
  it('detects tab, comma, semicolon and whitespace, skips comments, takes names or 1-based indices', () => {
    for (const sep of ['\t', ',', ';', '   ']) {
      const text = `# Keithley 4200 export\nTime${sep}"Voltage"${sep}Current\n0${sep}0.1${sep}7.748e-6\n1${sep}0.1${sep}1.5e-5\n`.replace(/"/g, sep === '   ' ? '' : '"');
      const t = readSmuTable(text, 'm.txt', { time: '1', voltage: 'voltage', current: 'Current' });
      expect(Array.from(t.voltage)).toEqual([0.1, 0.1]);
      expect(t.timeColumn).toBe('Time');
    }
    expect(parseTable('a b\n1 2\n', 'x').delimiter).toBe('whitespace');
  });
  it('G = I/V in G0; points under the floors are skipped and counted, never divided by zero', () => {
    const rows = ['t,V,I', `0,0.1,${0.1 * G0_SIEMENS_EXACT}`, '1,0,0', '2,0.00001,1e-6', '3,0.1,1e-12', `4,0.1,${-0.2 * G0_SIEMENS_EXACT}`, `5,-0.1,${-0.3 * G0_SIEMENS_EXACT}`];
    const s = conductanceFromSmu(readSmuTable(rows.join('\n'), 'm.csv', { time: 't', voltage: 'V', current: 'I' }));
    expect(s.read).toBe(6);
    expect(s.skippedReasons).toEqual({ belowFloor: 3, nonPositive: 1 });
    expect(s.g.length + s.skipped).toBe(s.read);
    expect(s.g[0]).toBeCloseTo(1, 12);
    expect(s.g[1]).toBeCloseTo(3, 12);
    expect(Array.from(s.traces[0]!.time)).toEqual([0, 5]);
  });
  it('a missing column lists the columns there are; unsorted time names the line', () => {
    expect(() => readSmuTable('t,V\n0,1\n', 'm.csv', { voltage: 'V', current: 'I' })).toThrow(/m\.csv:1: no current \(--i-col\) column 'I' \(columns: 1:t, 2:V\)/);
    expect(() => readSmuTable('t,V,I\n0,1,1\n2,1,1\n1,1,1\n', 'm.csv', { time: 't', voltage: 'V', current: 'I' })).toThrow(/m\.csv:4 column 't': time goes back/);
  });
});
