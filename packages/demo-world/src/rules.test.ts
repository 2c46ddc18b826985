import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderRuleFile } from '@metrics-suite/backstage-plugin-metrics-common';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './stack/config';
import { which } from './stack/proc';
import { INSTALL_HINT } from './stack/stack';
import {
  exampleRuleFile,
  exampleSloEntries,
  metricsTabUrl,
  readExampleCatalog,
} from './rules';

const root = repoRoot();

/**
 * The example SLOs read straight from the YAML, independently of the resolver: an annotated
 * Component without a `slos` key has the configured defaults, one with `slos` has those.
 */
function expectedSlos(): Array<{ entity: string; slo: string; alert: string }> {
  const docs = parseAllDocuments(
    fs.readFileSync(path.join(root, 'examples/entities.yaml'), 'utf8'),
  ).map(d => d.toJSON());
  const app = parseAllDocuments(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  )[0].toJSON();
  return docs
    .filter(d => d?.kind === 'Component')
    .flatMap(d => {
      const entity = `component:default/${d.metadata.name}`;
      const declared = d.metadata.metrics?.slos;
      if (declared) {
        return declared.map((s: any) => ({
          entity,
          slo: s.name,
          alert: s.alert ?? 'none',
        }));
      }
      if (!d.metadata.annotations?.['metrics-suite/prometheus-service']) {
        return [];
      }
      return app.metrics.defaultSlos.map((s: any) => ({
        entity,
        slo: s.name,
        alert: 'none',
      }));
    });
}

describe('the example catalog rule file', () => {
  const catalog = readExampleCatalog(root);
  const file = exampleRuleFile(catalog);

  it('links each alert to the Metrics tab of its entity', () => {
    expect(
      metricsTabUrl(
        'http://localhost:3000/',
        'component:default/checkout-service',
      ),
    ).toBe(
      'http://localhost:3000/catalog/default/component/checkout-service/metrics',
    );
    expect(catalog.appBaseUrl).toBe('http://localhost:3000');
  });

  it('resolves every example SLO without a problem', () => {
    const { entries, problems } = exampleSloEntries(catalog);
    expect(problems).toEqual([]);
    const resolved = entries.flatMap(e =>
      e.slos.map(s => ({ entity: s.entityRef, slo: s.name, alert: s.alert })),
    );
    expect(resolved).toEqual(expectedSlos());
    // The burning service of the demo pages; the catalog's other paging SLO is auth's.
    expect(resolved.filter(s => s.alert === 'page').map(s => s.entity)).toEqual(
      ['component:default/auth-service', 'component:default/checkout-service'],
    );
  });

  it('has one group per example SLO, every rule labelled with it', () => {
    const expected = expectedSlos();
    expect(file.groups).toHaveLength(expected.length);
    for (const { entity, slo, alert } of expected) {
      const groups = file.groups.filter(g =>
        g.rules.every(
          r => r.labels?.entity === entity && r.labels?.slo === slo,
        ),
      );
      expect({ entity, slo, groups: groups.length }).toEqual({
        entity,
        slo,
        groups: 1,
      });
      const alerts = groups[0].rules.filter(r => r.alert === 'ErrorBudgetBurn');
      const severities = alerts.map(r => r.labels?.severity).sort();
      expect({ entity, severities }).toEqual({
        entity,
        severities: alert === 'page' ? ['page', 'ticket'] : [],
      });
      for (const rule of alerts) {
        expect(rule.annotations?.dashboard_url).toBe(
          metricsTabUrl(catalog.appBaseUrl, entity),
        );
      }
    }
  });

  it('passes promtool check rules', () => {
    const promtool = which(process.env.DEMO_PROMTOOL_BIN || 'promtool');
    if (!promtool) {
      throw new Error(
        `promtool is missing (DEMO_PROMTOOL_BIN or promtool on PATH); install it with: ${INSTALL_HINT}`,
      );
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-world-rules-'));
    try {
      const rules = path.join(dir, 'slo-rules.yml');
      fs.writeFileSync(rules, renderRuleFile(file));
      const r = spawnSync(promtool, ['check', 'rules', rules], {
        encoding: 'utf8',
      });
      expect({ status: r.status, stderr: r.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      const ruleCount = file.groups.reduce((n, g) => n + g.rules.length, 0);
      expect(r.stdout).toContain(`SUCCESS: ${ruleCount} rules found`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
