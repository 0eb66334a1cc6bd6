import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLogs } from './parse-logs.js';
import { FIXTURES_DIR } from './test-support/fixtures.js';

// Real captured logs, re-emitted the way log collectors wrap every line.
const WRAPPERS: Record<string, (line: string, i: number) => string> = {
  'docker --timestamps': (line, i) => `2026-11-20T22:01:${String(i % 60).padStart(2, '0')}.123456789Z ${line}`,
  'CRI (containerd)': (line) => `2026-11-20T22:01:02.123456789+00:00 stderr F ${line}`,
  'docker compose': (line) => `shop-api-1  | ${line}`,
  'compose + timestamps': (line) => `shop-api-1  | 2026-11-20T22:01:02.000000001Z ${line}`,
  syslog: (line) => `Nov 20 22:01:02 host shop[4242]: ${line}`,
};

const cases = [
  ['py-uvicorn.log', '/tmp/smoke-repair-fixtures/python-app'],
  ['node-express.log', '/tmp/smoke-repair-fixtures/node-app'],
  ['java-caused-by.log', '/tmp/smoke-repair-fixtures/java-app'],
  ['go-http-panic.log', '/tmp/smoke-repair-fixtures/go-app'],
] as const;

function essentials(log: string, appRoot: string) {
  return parseLogs(log, { appRoot }).map((t) => ({
    type: t.exception.type,
    message: t.exception.message,
    culprit: t.culprit && `${t.culprit.file}:${t.culprit.line}`,
    causes: t.causes.length,
    hash: t.signature.hash,
  }));
}

describe.each(Object.entries(WRAPPERS))('every line prefixed by %s', (_name, wrap) => {
  it.each(cases)('reads %s as if unprefixed', (file, appRoot) => {
    const log = readFileSync(join(FIXTURES_DIR, file), 'utf8');
    const wrapped = log
      .split('\n')
      .map((line, i) => wrap(line, i))
      .join('\n');
    const plain = essentials(log, appRoot);
    expect(plain.length).toBeGreaterThan(0);
    expect(essentials(wrapped, appRoot)).toEqual(plain);
  });
});
