/*
 * Shared helpers for this package's tests.
 */
import { computeHistory, HistorySamples } from './history';
import { createModel, TrafficModel } from './model';
import { computeGroundTruth, GroundTruth } from './truth';

/** A fixed T0 for the unit tests: Friday 2026-11-20 12:00 UTC. */
export const TEST_T0 = Date.UTC(2026, 10, 20, 12, 0, 0) / 1000;

const cache = new Map<string, TrafficModel>();

/** The model for (seed, T0), cached per test file. */
export function testModel(seed = 42, t0 = TEST_T0): TrafficModel {
  const key = `${seed}:${t0}`;
  let model = cache.get(key);
  if (!model) {
    model = createModel({ seed, t0 });
    cache.set(key, model);
  }
  return model;
}

let history: HistorySamples | undefined;
let truth: GroundTruth | undefined;

/** The history of testModel() (computed once per test file). */
export function testHistory(): HistorySamples {
  history ??= computeHistory(testModel());
  return history;
}

/** The ground truth of testModel() at TEST_T0 (computed once per test file). */
export function testTruth(): GroundTruth {
  truth ??= computeGroundTruth(testModel());
  return truth;
}

/** |a - b| <= relative * max(|a|, |b|) + absolute. */
export function close(
  a: number | null | undefined,
  b: number | null | undefined,
  relative: number,
  absolute: number,
): boolean {
  const missing = (v: unknown) => v === null || v === undefined;
  if (missing(a) || missing(b)) return missing(a) && missing(b);
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  return (
    Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + absolute
  );
}
