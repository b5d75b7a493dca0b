/** Models by name. Add a model here; nothing else changes. */
import { RewireError } from '../../core/errors.ts';
import { makeSModel } from './sModel.ts';
import { makeSpdModel } from './spdModel.ts';
import { makeAgSpdModel } from './agSpdLcn.ts';
import { makeAgSpdPbeModel } from './agSpdPbe.ts';
import { makeAgSpdPbeEnvModel } from './agSpdPbeEnv.ts';
import type { TBModel } from './types.ts';

export const MODEL_NAMES = ['s', 'spd-pbe', 'spd-pbe-env', 'spd-lcn', 'spd', 'spd-bulk-onsite'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

const cache = new Map<string, TBModel>();

export function getModel(name: string): TBModel {
  let m = cache.get(name);
  if (m) return m;
  if (name === 's') m = makeSModel();
  else if (name === 'spd-pbe') m = makeAgSpdPbeModel();
  else if (name === 'spd-pbe-env') m = makeAgSpdPbeEnvModel();
  else if (name === 'spd-lcn') m = makeAgSpdModel();
  else if (name === 'spd') m = makeSpdModel({ neutrality: true });
  else if (name === 'spd-bulk-onsite') m = makeSpdModel({ neutrality: false });
  else throw new RewireError('--model', `unknown tight-binding model "${name}"`, `use one of ${MODEL_NAMES.join(', ')}`);
  cache.set(name, m);
  return m;
}
