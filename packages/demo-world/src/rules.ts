/*
 * The SLO rule file of the example catalog: what the demo's Prometheus loads, so its
 * recordings and burn-rate alerts are those the suite generates for these SLOs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DefaultSloOption,
  PrometheusRuleFile,
  SloDefinition,
  SloRuleFileEntry,
  readEntityMetricsAnnotations,
  resolveConvention,
  resolveEntityMetrics,
  metricsTabPath,
  sloRuleFile,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { parse, parseAllDocuments } from 'yaml';

/** The example catalog and the portal configuration its SLOs are resolved with. */
export interface ExampleCatalog {
  /** Every entity of `examples/entities.yaml`. */
  entities: Entity[];
  /** `metrics.defaultSlos` of app-config.yaml. */
  defaultSlos: DefaultSloOption[];
  /** `app.baseUrl` of app-config.yaml: where the portal's pages are. */
  appBaseUrl: string;
}

/** A problem of an example SLO definition: the example catalog must have none. */
export interface ExampleSloProblem {
  entityRef: string;
  path: string;
  message: string;
}

/** Reads `examples/entities.yaml` and `app-config.yaml` of the repository at `repoRoot`. */
export function readExampleCatalog(repoRoot: string): ExampleCatalog {
  const entities = parseAllDocuments(
    fs.readFileSync(path.join(repoRoot, 'examples/entities.yaml'), 'utf8'),
  )
    .map(doc => doc.toJSON() as Entity | null)
    .filter((e): e is Entity => Boolean(e?.kind));
  const appConfig = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  return {
    entities,
    defaultSlos: appConfig?.metrics?.defaultSlos ?? [],
    appBaseUrl: appConfig?.app?.baseUrl ?? '',
  };
}

/** The Metrics tab of an entity in the portal at `appBaseUrl` (`metricsTabPath` of -common). */
export function metricsTabUrl(appBaseUrl: string, entityRef: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}${metricsTabPath(entityRef)}`;
}

/**
 * The SLOs of every example Component, resolved as the backend resolves them: the entity's
 * convention (its annotation, else the suite's, which is the demo instance's), the configured
 * default SLOs for annotated Components without `slos`. Problems of SLO definitions are
 * returned, not dropped silently: an SLO with one gets no rules.
 */
export function exampleSloEntries(catalog: ExampleCatalog): {
  entries: SloRuleFileEntry[];
  problems: ExampleSloProblem[];
} {
  const entries: SloRuleFileEntry[] = [];
  const problems: ExampleSloProblem[] = [];
  for (const entity of catalog.entities) {
    if (entity.kind !== 'Component') continue;
    const annotations = readEntityMetricsAnnotations(entity);
    const resolved = resolveEntityMetrics(entity, {
      defaultSlos: catalog.defaultSlos,
      convention: resolveConvention(annotations.convention),
    });
    problems.push(
      ...resolved.problems
        .filter(p =>
          /^(metadata\.metrics\.slos|metrics\.defaultSlos)/.test(p.path),
        )
        .map(p => ({ entityRef: resolved.entityRef, ...p })),
    );
    const slos = resolved.definitions.filter(
      (d): d is SloDefinition => d.kind === 'slo',
    );
    if (slos.length === 0) continue;
    entries.push({
      slos,
      dashboardUrl: metricsTabUrl(catalog.appBaseUrl, resolved.entityRef),
    });
  }
  return { entries, problems };
}

/**
 * The rule file of the example catalog's SLOs.
 *
 * @throws InputError when an example SLO definition has a problem (it would have no rules).
 */
export function exampleRuleFile(catalog: ExampleCatalog): PrometheusRuleFile {
  const { entries, problems } = exampleSloEntries(catalog);
  if (problems.length > 0) {
    throw new InputError(
      `The example catalog's SLOs have problems:\n${problems
        .map(p => `  ${p.entityRef} ${p.path}: ${p.message}`)
        .join('\n')}`,
    );
  }
  return sloRuleFile(entries);
}
