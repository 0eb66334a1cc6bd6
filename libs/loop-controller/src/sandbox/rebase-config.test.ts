import { parseSmokeConfig } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { loopConfigSectionsSchema, type RepairLoopConfig } from '../config/loop-config.js';
import { rebaseConfig, withAppTempDir, withDisposableData } from './rebase-config.js';

function config(raw: Record<string, unknown>): RepairLoopConfig {
  const smoke = parseSmokeConfig(raw, '/home/u/shop/smoke-repair.config.json');
  return { smoke, ...loopConfigSectionsSchema.parse({}) } as RepairLoopConfig;
}

describe('rebaseConfig', () => {
  it("points the app's paths into the sandbox and leaves outputs where they are", () => {
    const loaded = config({
      app: {
        runner: {
          kind: 'process',
          command: 'bash /home/u/shop/scripts/serve.sh --db=/home/u/shop/data.db',
          port: 8000,
          env: { DATA_DIR: '/home/u/shop/data' },
        },
        reset: 'rm -f data.db',
      },
      smoke: { openapi: '/openapi.json' },
    });
    const moved = rebaseConfig(loaded, '/home/u/shop', '/tmp/sb/shop');
    expect(moved.smoke.app.root).toBe('/tmp/sb/shop');
    expect(moved.smoke.app.runner).toMatchObject({
      command: 'bash /tmp/sb/shop/scripts/serve.sh --db=/tmp/sb/shop/data.db',
      cwd: '/tmp/sb/shop',
      env: { DATA_DIR: '/tmp/sb/shop/data' },
    });
    expect(moved.smoke.artifactsDir).toBe('/home/u/shop/artifacts');
    expect(moved.smoke.configPath).toBe('/home/u/shop/smoke-repair.config.json');
    expect(moved.patterns.store).toBe(loaded.patterns.store);
  });

  it('does not touch a path that merely starts with the same letters', () => {
    const loaded = config({
      app: { runner: { kind: 'process', command: 'node /home/u/shop-tools/run.js /home/u/shop', port: 8000 } },
      smoke: { openapi: '/o.json' },
    });
    const moved = rebaseConfig(loaded, '/home/u/shop', '/tmp/sb/shop');
    expect(moved.smoke.app.runner).toMatchObject({ command: 'node /home/u/shop-tools/run.js /tmp/sb/shop' });
  });

  it('gives the app a temp directory in the sandbox unless the config sets one', () => {
    const loaded = config({
      app: { runner: { kind: 'process', command: 'x', port: 8000 } },
      smoke: { openapi: '/o.json' },
    });
    expect(withAppTempDir(loaded.smoke, '/tmp/sb/tmp').app.runner).toMatchObject({ env: { TMPDIR: '/tmp/sb/tmp' } });
    const own = config({
      app: { runner: { kind: 'process', command: 'x', port: 8000, env: { TMPDIR: '/scratch' } } },
      smoke: { openapi: '/o.json' },
    });
    expect(withAppTempDir(own.smoke, '/tmp/sb/tmp').app.runner).toMatchObject({ env: { TMPDIR: '/scratch' } });
  });

  it("lets changes act on the contract's example records over restored data, unless the config says", () => {
    const plain = config({
      app: { runner: { kind: 'process', command: 'x', port: 8000 } },
      smoke: { openapi: '/o.json' },
    });
    expect(plain.smoke.smoke.documentedTargets).toBeUndefined();
    expect(withDisposableData(plain.smoke).smoke.documentedTargets).toBe(true);
    const off = config({
      app: { runner: { kind: 'process', command: 'x', port: 8000 } },
      smoke: { openapi: '/o.json', documentedTargets: false },
    });
    expect(withDisposableData(off.smoke).smoke.documentedTargets).toBe(false);
    const elsewhere = config({ app: { runner: { kind: 'none' }, reset: 'x' }, smoke: { openapi: '/o.json' } });
    expect(withDisposableData(elsewhere.smoke).smoke.documentedTargets).toBeUndefined();
  });
});
