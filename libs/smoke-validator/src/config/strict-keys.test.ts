import { describe, expect, it } from 'vitest';
import { parseSmokeConfig } from './load-config.js';
import { unknownKeysMessage } from './strict-keys.js';

const CONFIG = '/srv/app/smoke-repair.config.json';
const PROCESS = { kind: 'process', command: ['python3', 'app.py'], port: 8000 };
const DOCKER = { kind: 'docker', image: 'app:1', port: 8000 };

describe('unknown config keys', () => {
  it('a typo under app.runner is an error with the nearest known key', () => {
    const raw = { app: { runner: { ...PROCESS, comand: ['python3', 'app.py'] } }, smoke: { openapi: 'openapi.json' } };
    expect(() => parseSmokeConfig(raw, CONFIG)).toThrow(
      `invalid config ${CONFIG}: app.runner: unknown key "comand" (did you mean "command"?)`,
    );
  });

  it('in the other sections too; no hint when nothing is near', () => {
    expect(() => parseSmokeConfig({ smoke: { openapi: 'o.json', concurrrency: 2 } }, '/srv/c.json')).toThrow(
      /unknown key "concurrrency" \(did you mean "concurrency"\?\)/,
    );
    expect(unknownKeysMessage(['zzz'], ['$comment', 'root', 'runner'])).toBe('unknown key "zzz" (known: root, runner)');
  });

  // Each of these sections used to drop an unknown key without a word.
  it.each([
    [
      'app.runner.readiness',
      { app: { runner: { ...PROCESS, readiness: { pth: '/health' } } }, smoke: { openapi: 'o.json' } },
      'pth',
      'path',
    ],
    [
      'app.runner.health',
      { app: { runner: { ...PROCESS, health: { path: '/h', timeoutMS: 5 } } }, smoke: { openapi: 'o.json' } },
      'timeoutMS',
      'timeoutMs',
    ],
    [
      'app.runner',
      { app: { runner: { ...DOCKER, readOnlyMonut: true } }, smoke: { openapi: 'o.json' } },
      'readOnlyMonut',
      'readOnlyMount',
    ],
    [
      'app.runner.build',
      {
        app: { runner: { kind: 'docker', port: 8000, build: { context: '.', dockerFile: 'D' } } },
        smoke: { openapi: 'o.json' },
      },
      'dockerFile',
      'dockerfile',
    ],
    [
      'smoke.testCommand',
      { smoke: { testCommand: { command: 'pytest', junitPth: 'out.xml' } } },
      'junitPth',
      'junitPath',
    ],
    ['freshness', { smoke: { openapi: 'o.json' }, freshness: { meta: { url: '/__meta' }, prt: 8000 } }, 'prt', 'port'],
    [
      'freshness.meta',
      { smoke: { openapi: 'o.json' }, freshness: { meta: { url: '/__meta', requiredField: ['git_sha'] } } },
      'requiredField',
      'requiredFields',
    ],
    [
      'freshness.commands',
      { smoke: { openapi: 'o.json' }, freshness: { commands: { probe: 'make probe', restat: 'make restart' } } },
      'restat',
      'restart',
    ],
  ])('%s', (at, raw, typo, near) => {
    const line = `invalid config ${CONFIG}: ${at}: unknown key "${typo}" (did you mean "${near}"?)`;
    expect(() => parseSmokeConfig(raw, CONFIG)).toThrow(line);
  });

  it('the same sections still load when spelt right, $comment included where a section allows notes', () => {
    const raw = {
      app: {
        runner: {
          ...DOCKER,
          $comment: 'the image CI builds',
          readiness: { path: '/health', timeoutMs: 60_000 },
          health: { path: '/health' },
        },
      },
      smoke: { testCommand: { command: 'pytest -q', junitPath: 'out.xml', framework: 'pytest' } },
      freshness: {
        $comment: 'the build the app runs',
        meta: { url: '/__meta', requiredFields: ['git_sha'] },
        port: 8000,
      },
    };
    const config = parseSmokeConfig(raw, CONFIG);
    expect(config.app.runner).toMatchObject({
      kind: 'docker',
      image: 'app:1',
      appDir: '/srv/app',
      readiness: { path: '/health' },
    });
    expect(config.freshness?.meta).toEqual({ url: '/__meta', requiredFields: ['git_sha'], timeoutMs: 5000 });
  });
});
