/*
 * The demo world the integration tests run against:
 *
 * - DEMO_PROMETHEUS_URL set: use that stack (truth from DEMO_TRUTH_FILE, or
 *   the truth.json of the state folder, DEMO_STATE_DIR or <repo>/.demo).
 * - otherwise: `demo-world up` on free ports in a temporary state folder,
 *   and `demo-world down` afterwards.
 * - DEMO_WORLD_SKIP_PROMETHEUS=1: skipped (the only way to skip; a missing
 *   Prometheus makes these tests fail).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN_PATH, loadConfig, statePaths } from '../stack/config';
import { freePort } from '../stack/proc';
import type { GroundTruth } from '../truth';

const SKIP = process.env.DEMO_WORLD_SKIP_PROMETHEUS === '1';

if (SKIP) {
  // eslint-disable-next-line no-console
  console.warn(
    'demo-world: skipping the Prometheus integration tests because DEMO_WORLD_SKIP_PROMETHEUS=1',
  );
}

/** `describe`, or `describe.skip` when DEMO_WORLD_SKIP_PROMETHEUS=1. */
export const describeOrSkip = SKIP ? describe.skip : describe;

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN_PATH, ...args],
      { env, timeout: 170_000 },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new Error(
              `demo-world ${args.join(' ')} failed (${
                err.message
              }):\n${stdout}\n${stderr}`,
            ),
          );
        } else resolve(stdout);
      },
    );
  });
}

/** The world of the enclosing `describe`, once its `beforeAll` has run. */
export interface DemoWorld {
  baseUrl: string;
  truth: GroundTruth;
}

/**
 * Registers the `beforeAll` that provides the world (starting one when DEMO_PROMETHEUS_URL is
 * unset) and the `afterAll` that stops the one it started. Call inside a `describe`.
 */
export function useDemoWorld(): DemoWorld {
  const world = {} as DemoWorld;
  let env: NodeJS.ProcessEnv | undefined;
  let stateDir: string | undefined;

  beforeAll(async () => {
    let baseUrl = process.env.DEMO_PROMETHEUS_URL?.replace(/\/$/, '') ?? '';
    let truthFile = process.env.DEMO_TRUTH_FILE;
    if (!baseUrl) {
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-world-it-'));
      const prometheusPort = await freePort();
      let exporterPort = await freePort();
      while (exporterPort === prometheusPort) exporterPort = await freePort();
      env = {
        ...process.env,
        DEMO_STATE_DIR: stateDir,
        DEMO_PROMETHEUS_PORT: String(prometheusPort),
        DEMO_EXPORTER_PORT: String(exporterPort),
        NODE_OPTIONS: '',
      };
      await cli(['up'], env);
      baseUrl = `http://127.0.0.1:${prometheusPort}`;
      truthFile = statePaths(stateDir).truth;
    }
    truthFile ??= statePaths(loadConfig().stateDir).truth;
    world.baseUrl = baseUrl;
    world.truth = JSON.parse(fs.readFileSync(truthFile, 'utf8'));
  }, 180_000);

  afterAll(async () => {
    if (env) await cli(['down'], env);
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  return world;
}
