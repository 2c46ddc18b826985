// Objectives are decimal percents (99.9) and OpenSLO targets decimal fractions (0.999); the
// conversion drops binary noise (99.9 / 100 is 0.9990000000000001), as errorBudget does
// (docs/slo-math.md#error-budget), so that a round trip gives back the same number.

function decimal(value: number): number {
  return Number(value.toPrecision(12));
}

/** `99.9` → `0.999`. */
export function objectiveToTarget(objectivePercent: number): number {
  return decimal(objectivePercent / 100);
}

/** `0.999` → `99.9`. */
export function targetToObjective(target: number): number {
  return decimal(target * 100);
}
