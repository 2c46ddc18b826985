import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from './config';
import {
  checkTools,
  INSTALL_HINT,
  prometheusConfigYaml,
  status,
  StackError,
  up,
} from './stack';

describe('stack', () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-world-stack-'));
  afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

  it('reads ports and seed from the environment', () => {
    const c = loadConfig({
      DEMO_STATE_DIR: stateDir,
      DEMO_PROMETHEUS_PORT: '19090',
      DEMO_EXPORTER_PORT: '19464',
      DEMO_SEED: '7',
      DEMO_OUTAGE_MINUTES: '80',
    });
    expect(c).toMatchObject({
      stateDir,
      prometheusPort: 19090,
      exporterPort: 19464,
      seed: 7,
      outageSeconds: 4_800,
    });
    const d = loadConfig({ DEMO_STATE_DIR: stateDir });
    expect(d).toMatchObject({
      prometheusPort: 9090,
      exporterPort: 9464,
      seed: 42,
      reuseMaxAgeSeconds: 7200,
      outageSeconds: 0,
    });
    expect(() => loadConfig({ DEMO_OUTAGE_MINUTES: '2000' })).toThrow(
      ConfigError,
    );
    expect(loadConfig({}).stateDir).toBe(
      path.resolve(__dirname, '../../../../.demo'),
    );
    expect(() => loadConfig({ DEMO_PROMETHEUS_PORT: 'abc' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ DEMO_PROMETHEUS_PORT: '9464' })).toThrow(
      /must differ/,
    );
  });

  it('says exactly what to install when prometheus or promtool is missing', async () => {
    const config = loadConfig({
      DEMO_STATE_DIR: stateDir,
      DEMO_PROMETHEUS_BIN: '/nonexistent/prometheus',
    });
    let error: StackError | undefined;
    try {
      checkTools(config);
    } catch (e) {
      error = e as StackError;
    }
    expect(error).toBeInstanceOf(StackError);
    expect(error?.exitCode).toBe(3);
    expect(error?.message).toContain(INSTALL_HINT);
    expect(error?.message).toContain('prometheus (/nonexistent/prometheus)');
    await expect(up(config)).rejects.toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).toBe(
      'sudo apt-get update && sudo apt-get install -y prometheus',
    );
  });

  it('scrapes the exporter on loopback and drops job/instance so live samples continue the history series', () => {
    const yaml = prometheusConfigYaml(
      loadConfig({ DEMO_STATE_DIR: stateDir, DEMO_EXPORTER_PORT: '19999' }),
    );
    expect(yaml).toContain("targets: ['127.0.0.1:19999']");
    expect(yaml).toContain('scrape_interval: 15s');
    expect(yaml).toMatch(/action: labeldrop\n\s+regex: job\|instance/);
  });

  it('loads the rule files it is given', () => {
    const config = loadConfig({ DEMO_STATE_DIR: stateDir });
    expect(parse(prometheusConfigYaml(config)).rule_files).toBeUndefined();
    const yaml = prometheusConfigYaml(config, ['/state dir/slo-rules.yml']);
    expect(parse(yaml)).toMatchObject({
      global: { evaluation_interval: '15s' },
      rule_files: ['/state dir/slo-rules.yml'],
    });
  });

  it('reports a stack that is not running', async () => {
    const s = await status(
      loadConfig({
        DEMO_STATE_DIR: stateDir,
        DEMO_PROMETHEUS_PORT: '1',
        DEMO_EXPORTER_PORT: '2',
      }),
    );
    expect(s.up).toBe(false);
    expect(s.prometheus.pid).toBeUndefined();
  });
});
