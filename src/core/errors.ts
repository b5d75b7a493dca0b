/**
 * One error type for bad input and failed runs. Every message names *what* is wrong (a field, a
 * file and line, an atom) and *how to fix it*, so the CLI can print it as one line.
 */
export class RewireError extends Error {
  /** The config field, file:line or quantity the error is about. */
  readonly where: string;
  /** What the user should do about it. */
  readonly fix: string;
  constructor(where: string, problem: string, fix: string) {
    super(`${where}: ${problem}. Fix: ${fix}`);
    this.name = 'RewireError';
    this.where = where;
    this.fix = fix;
  }
}

/** Throws a RewireError unless `cond` holds. */
export function require_(cond: unknown, where: string, problem: string, fix: string): asserts cond {
  if (!cond) throw new RewireError(where, problem, fix);
}
