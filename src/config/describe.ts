/**
 * describeConfig(): the config fields as text for `rewire config --fields` / `--help`, generated
 * from the schema (path, type, default, description with units), variants listed per branch.
 */
import { configSchema } from './schema.ts';

type Schema = Record<string, unknown>;

interface FieldLine {
  path: string;
  type: string;
  dflt: string;
  description: string;
}

function typeOf(s: Schema): string {
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join('|');
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map((a) => (a.const !== undefined ? JSON.stringify(a.const) : String(a.type))).join('|');
  if (s.type === 'array') {
    const it = (s.items ?? {}) as Schema;
    return `${String(it.type)}[${String(s.minItems)}]`;
  }
  return Array.isArray(s.type) ? (s.type as string[]).join('|') : String(s.type ?? 'any');
}

function walk(s: Schema, path: string, out: FieldLine[], header = true): void {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const isContainer = (x: Schema) => x.properties !== undefined || x.allOf !== undefined;
  if (header && path && isContainer(s)) out.push({ path, type: Array.isArray(s.type) ? (s.type as string[]).join('|') : 'object', dflt: '', description: String(s.description ?? '') });
  for (const [k, v] of Object.entries(props)) {
    const p = path ? `${path}.${k}` : k;
    if (isContainer(v)) walk(v, p, out);
    else out.push({ path: p, type: typeOf(v), dflt: v.default === undefined ? '' : JSON.stringify(v.default), description: String(v.description ?? '') });
  }
  for (const branch of (s.allOf ?? []) as Schema[]) {
    const cond = ((branch.if as Schema).properties ?? {}) as Record<string, Schema>;
    const [key, c] = Object.entries(cond)[0]!;
    const then = branch.then as Schema;
    const sub: FieldLine[] = [];
    walk({ properties: Object.fromEntries(Object.entries((then.properties ?? {}) as Record<string, Schema>).filter(([k]) => k !== key)) }, path, sub, false);
    for (const f of sub) out.push({ ...f, description: `[${key}=${JSON.stringify(c.const)}] ${f.description}` });
  }
}

/** Human-readable list of every config field with type, default and unit. */
export function describeConfig(): string {
  const lines: FieldLine[] = [];
  walk(configSchema, '', lines);
  const w = Math.max(...lines.map((l) => l.path.length));
  const tw = Math.min(28, Math.max(...lines.map((l) => l.type.length)));
  const rows = lines.map((l) => `  ${l.path.padEnd(w)}  ${l.type.padEnd(tw)}  ${(l.dflt ? `= ${l.dflt}` : '').padEnd(14)}  ${l.description}`);
  return [
    'Run configuration fields (JSON; every field optional, defaults shown; units Å, fs, K, V):',
    ...rows,
    '',
    'Relative file paths are relative to the config file. echemdid needs potential.kind "reaxff".',
    'Ready configs: configs/eam-tips-short.json (the default), configs/paper-2V.json, configs/paper-8V.json.',
  ].join('\n') + '\n';
}
