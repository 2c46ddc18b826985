/**
 * Benchmark of the metrics suite's non-functional bars (docs/non-functional.md); run with `yarn bench`.
 *
 * @packageDocumentation
 */
export { main } from './cli';
