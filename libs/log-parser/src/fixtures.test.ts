import { createReadStream } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLogs } from './parse-logs.js';
import { parseLogStream } from './stream-logs.js';
import { javaSourcesUnder, loadFixtures } from './test-support/fixtures.js';

// Real output of real programs (python3, node, java, go) captured on this machine, each with
// the ground truth written from the programs' sources.
const fixtures = loadFixtures();

describe('captured real logs', () => {
  it('has fixtures for all four languages', () => {
    const languages = new Set(fixtures.flatMap((f) => f.expect.traces.map((t) => t.language)));
    expect([...languages].sort()).toEqual(['go', 'java', 'node', 'python']);
  });

  describe.each(fixtures)('$name', ({ log, expect: truth }) => {
    const traces = parseLogs(log, { appRoot: truth.appRoot, sourceFiles: javaSourcesUnder(truth.appRoot) });

    it('finds each trace exactly once', () => {
      expect(traces.map((t) => t.language)).toEqual(truth.traces.map((t) => t.language));
    });

    it('reads exception, culprit, causes, children and partiality', () => {
      const actual = traces.map((t, i) => {
        const wanted = truth.traces[i];
        return {
          exceptionType: wanted?.exceptionType === null ? null : t.exception.type,
          message: wanted?.messageIncludes ? t.exception.message.includes(wanted.messageIncludes) : null,
          culprit: t.culprit
            ? { file: relative(wanted?.appRoot ?? truth.appRoot, t.culprit.file), line: t.culprit.line }
            : null,
          causes: t.causes.length,
          children: t.children.length,
          partial: t.partial,
        };
      });
      const wanted = truth.traces.map((t) => ({
        exceptionType: t.exceptionType,
        message: t.messageIncludes ? true : null,
        culprit: t.culprit,
        causes: t.causes,
        children: t.children,
        partial: t.partial ?? false,
      }));
      expect(actual).toEqual(wanted);
    });

    it('gives equal signature hashes exactly to repeats of the same bug', () => {
      const byBug = new Map<string, Set<string>>();
      traces.forEach((t, i) => {
        const bug = truth.traces[i]?.bug ?? `unexpected-${i}`;
        byBug.set(bug, (byBug.get(bug) ?? new Set()).add(t.signature.hash));
      });
      for (const [, hashes] of byBug) expect(hashes.size).toBe(1);
      const distinct = new Set(traces.map((t) => t.signature.hash));
      expect(distinct.size).toBe(byBug.size);
    });
  });
});

describe('streaming', () => {
  it.each(fixtures)(
    'gives the same traces as parseLogs on $name, whatever the chunking',
    async ({ log, logPath, expect: truth }) => {
      const whole = parseLogs(log, { appRoot: truth.appRoot });
      const fromFile = await parseLogStream(createReadStream(logPath, { highWaterMark: 7 }), {
        appRoot: truth.appRoot,
      });
      expect(fromFile).toEqual(whole);
      const bytes = Buffer.from(log, 'utf8');
      async function* oddChunks() {
        for (let i = 0, size = 1; i < bytes.length; i += size, size = (size * 7 + 3) % 997 || 1)
          yield bytes.subarray(i, i + size);
      }
      expect(await parseLogStream(oddChunks(), { appRoot: truth.appRoot })).toEqual(whole);
    },
  );
});
