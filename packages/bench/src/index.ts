/**
 * Benchmark of the metrics suite's non-functional bars (DESIGN.md §9); run with `yarn bench`.
 *
 * @packageDocumentation
 */
export { main } from './cli';
