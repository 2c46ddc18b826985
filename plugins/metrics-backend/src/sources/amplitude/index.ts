export {
  AmplitudeClient,
  AmplitudeClients,
  buildSegmentationQueryString,
  formatAmplitudeDate,
  parseRetryAfter,
  parseSegmentationResponse,
} from './AmplitudeClient';
export type {
  AmplitudeClientOptions,
  AmplitudeEvent,
  AmplitudeEventFilter,
  AmplitudeGroupBy,
  AmplitudeInterval,
  AmplitudeMetric,
  AmplitudeSegment,
  AmplitudeSegmentationQuery,
  AmplitudeSegmentationResult,
} from './AmplitudeClient';
export {
  AMPLITUDE_DEFAULT_BASE_URL,
  AMPLITUDE_DEFAULT_RETRY,
  AMPLITUDE_DEFAULT_TIMEOUT_MS,
  AMPLITUDE_EU_BASE_URL,
  AMPLITUDE_MAX_CONCURRENCY,
  readAmplitudeConfig,
} from './config';
export type {
  AmplitudeConfig,
  AmplitudeProjectConfig,
  AmplitudeRetryConfig,
} from './config';
export { countAmplitudeEvents } from './countEvents';
export type { AmplitudeCount } from './countEvents';
export {
  AMPLITUDE_HOURLY_MAX_MS,
  describeCountedRange,
  planAmplitudeRange,
  sumCountedBuckets,
} from './rangePlan';
export type {
  AmplitudeGranularity,
  AmplitudeRangePlan,
  CountedBuckets,
} from './rangePlan';
