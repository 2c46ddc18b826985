import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  SLO_RULE_LABELS,
  SloDefinition,
  sloRuleIdentity,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { RecordingRulesConfig } from '../config/recordingRules';
import type { PrometheusClient } from '../sources/prometheus';

/** Whether to read an SLO from its recordings; `note` says why not when rules were expected. */
export interface RecordingsDecision {
  read: boolean;
  note?: string;
}

/** How often the list of an instance's rules is read again. */
export const RULES_REFRESH_MS = 5 * 60_000;

/**
 * Which SLOs have the suite's recording rules on one instance (docs/slo-rules.md#reading-back).
 * Under `read: auto` it lists the instance's recording rules at most every
 * {@link RULES_REFRESH_MS}, answering from the previous list while a new one is read, so a view
 * waits for the list only once per replica. A failing list counts as "no rules": the views read
 * raw series, which are always right, only slower.
 */
export class RecordedSlos {
  readonly #client: PrometheusClient;
  readonly #config: RecordingRulesConfig;
  readonly #logger?: LoggerService;
  readonly #now: () => number;
  #listed?: { at: number; keys: Set<string>; error?: string };
  #reading?: Promise<void>;

  constructor(options: {
    client: PrometheusClient;
    config: RecordingRulesConfig;
    logger?: LoggerService;
    now?: () => number;
  }) {
    this.#client = options.client;
    this.#config = options.config;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  async decide(slo: SloDefinition): Promise<RecordingsDecision> {
    if (this.#config.read === 'never') return { read: false };
    if (this.#config.read === 'always') return { read: true };
    const listed = await this.#list();
    if (listed.keys.has(keyOf(sloRuleIdentity(slo)))) return { read: true };
    return {
      read: false,
      ...(listed.error
        ? { note: `the instance's rules could not be listed: ${listed.error}` }
        : {}),
    };
  }

  async #list(): Promise<{ keys: Set<string>; error?: string }> {
    const stale =
      !this.#listed || this.#now() - this.#listed.at >= RULES_REFRESH_MS;
    if (stale && !this.#reading) {
      this.#reading = this.#read().finally(() => {
        this.#reading = undefined;
      });
    }
    if (!this.#listed) await this.#reading;
    return this.#listed!;
  }

  async #read(): Promise<void> {
    try {
      const rules = await this.#client.recordingRules();
      const keys = new Set<string>();
      for (const labels of rules) {
        const key = keyOf(labels);
        if (key) keys.add(key);
      }
      this.#listed = { at: this.#now(), keys };
    } catch (error) {
      const message = (error as Error).message;
      if (!this.#listed?.error) {
        this.#logger?.warn(
          `Could not list the recording rules of Prometheus '${
            this.#client.name
          }'; SLOs are read from raw series: ${message}`,
        );
      }
      this.#listed = { at: this.#now(), keys: new Set(), error: message };
    }
  }
}

/** The identity of an SLO's recordings; empty when a label is missing (not the suite's rule). */
function keyOf(labels: Record<string, string>): string {
  const parts = [
    labels[SLO_RULE_LABELS.entity],
    labels[SLO_RULE_LABELS.slo],
    labels[SLO_RULE_LABELS.revision],
  ];
  return parts.every(p => p) ? parts.join('\u0000') : '';
}
