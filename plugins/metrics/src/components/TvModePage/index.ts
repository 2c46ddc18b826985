export { TvModePage } from './TvModePage';
