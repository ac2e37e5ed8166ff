/**
 * Parsers of command-line option values. Each throws InputError with one line naming the option,
 * the bad value and what is allowed; commander calls them as each option is read.
 */
import { InputError, messages } from '../scenarios/messages.ts';
import { type Override, parseSet } from '../scenarios/load.ts';
import type { Shard } from '../experiments/select-points.ts';

export function seedArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InputError(messages.badSeed(value));
  return n;
}

export function workersArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InputError(messages.badWorkers(value));
  return n;
}

/** `I/N`: shard I (from 0) of N. */
export function shardArg(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index >= count) throw new InputError(messages.badShard(value));
  return { index, count };
}

export function toleranceArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InputError(messages.badTolerance(value));
  return n;
}

/** Repeatable `--set PATH=VALUE`. */
export function setArg(value: string, previous: Override[]): Override[] {
  return [...previous, parseSet(value)];
}
