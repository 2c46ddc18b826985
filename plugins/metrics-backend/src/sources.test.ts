import { ConflictError } from '@backstage/errors';
import type { MetricsConfig } from './config';
import { mergeSources, sourcesFromConfig } from './sources';

function instance(name: string, isDefault = false) {
  return {
    name,
    baseUrl: `http://${name}:9090`,
    externalUrl: `https://${name}.example.com`,
    default: isDefault,
    auth: { type: 'bearer' as const, token: 'tok3n' },
    headers: { 'X-Scope-OrgID': 'tenant' },
    timeoutMs: 1000,
  };
}

describe('sourcesFromConfig', () => {
  it('makes one prometheus source per instance, without secrets', () => {
    const config: MetricsConfig = {
      prometheus: [instance('main', true), instance('eu')],
      defaultSlos: [],
    };
    const sources = sourcesFromConfig(config);
    expect(sources).toEqual([
      {
        id: 'prometheus:main',
        type: 'prometheus',
        description: 'https://main.example.com',
        default: true,
      },
      {
        id: 'prometheus:eu',
        type: 'prometheus',
        description: 'https://eu.example.com',
        default: false,
      },
    ]);
    expect(JSON.stringify(sources)).not.toContain('tok3n');
    expect(JSON.stringify(sources)).not.toContain('tenant');
  });

  it('makes no sources without instances', () => {
    expect(sourcesFromConfig({ prometheus: [], defaultSlos: [] })).toEqual([]);
  });
});

describe('mergeSources', () => {
  const a = { id: 'prometheus:main', type: 'prometheus' };
  const b = { id: 'sql:warehouse', type: 'sql' };
  const c = { id: 'amplitude:web', type: 'amplitude' };

  it('joins groups in order', () => {
    expect(mergeSources([a], [b, c])).toEqual([a, b, c]);
    expect(mergeSources()).toEqual([]);
    expect(mergeSources([], [])).toEqual([]);
  });

  it('rejects an id used in two groups with a ConflictError', () => {
    const clash = { id: 'prometheus:main', type: 'custom' };
    expect(() => mergeSources([a, b], [clash])).toThrow(ConflictError);
    expect(() => mergeSources([a, b], [clash])).toThrow(
      'Two metrics sources have the id "prometheus:main"; ids must be unique',
    );
  });

  it('rejects an id used twice in one group', () => {
    expect(() => mergeSources([], [c, b, c])).toThrow(
      expect.objectContaining({
        name: 'ConflictError',
        message: expect.stringContaining('"amplitude:web"'),
      }),
    );
  });
});
