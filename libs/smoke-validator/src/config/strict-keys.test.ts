import { describe, expect, it } from 'vitest';
import { parseSmokeConfig } from './load-config.js';
import { unknownKeysMessage } from './strict-keys.js';

describe('unknown config keys', () => {
  it('a typo under app.runner is an error with the nearest known key', () => {
    const raw = { app: { runner: { kind: 'process', comand: ['python3', 'app.py'], command: ['python3', 'app.py'], port: 8000 } }, smoke: { openapi: 'openapi.json' } };
    expect(() => parseSmokeConfig(raw, '/srv/app/smoke-repair.config.json')).toThrow(/unknown key "comand" \(did you mean "command"\?\)\n {2}→ at app\.runner/);
  });

  it('in the other sections too; no hint when nothing is near', () => {
    expect(() => parseSmokeConfig({ smoke: { openapi: 'o.json', concurrrency: 2 } }, '/srv/c.json')).toThrow(/unknown key "concurrrency" \(did you mean "concurrency"\?\)/);
    expect(unknownKeysMessage(['zzz'], ['$comment', 'root', 'runner'])).toBe('unknown key "zzz" (known: root, runner)');
  });
});
