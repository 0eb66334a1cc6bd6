import { describe, expect, it } from 'vitest';
import { nodeMissingGroupBy } from './missing-group-by.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for Object.groupBy (captured from a run).
const run = (files: Record<string, string>, file: string, owner = 'Object') =>
  allCandidates(
    nodeMissingGroupBy,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /reports/earnings',
      log: nodeLog(`TypeError: ${owner}.groupBy is not a function`, [`earnings (/app/${file}:4:30)`]),
    }).context,
    [file],
  );

const report = (call: string) =>
  "import { db } from '../db.js';\n\nexport async function earnings() {\n" +
  `  const byInstructor = ${call}(await db.lessons(), (l) => l.instructorId);\n  return byInstructor;\n}\n`;

describe('node.missing-group-by', () => {
  it('groups with a typed module function in TypeScript, every call of the module', async () => {
    const found = await run({ 'src/report.ts': report('Object.groupBy') }, 'src/report.ts');
    const fixed = found[0]!.files['src/report.ts']!;
    expect(fixed).toContain('  const byInstructor = groupBy(await db.lessons(), (l) => l.instructorId);\n');
    expect(fixed).toContain('function groupBy<T, K extends PropertyKey>(items: Iterable<T>');
    expect(fixed).not.toContain('Object.groupBy(');
  });

  it('Map.groupBy in JavaScript gets a Map-building function', async () => {
    const found = await run({ 'src/report.js': report('Map.groupBy') }, 'src/report.js', 'Map');
    const fixed = found[0]!.files['src/report.js']!;
    expect(fixed).toContain('groupByToMap(await db.lessons()');
    expect(fixed).toContain('function groupByToMap(items, keyOf) {\n  const groups = new Map();');
  });

  it('leaves a module that declares groupBy already, and another missing function', async () => {
    const own = `${report('Object.groupBy')}\nfunction groupBy() {}\n`;
    expect(await run({ 'src/report.js': own }, 'src/report.js')).toEqual([]);
    const parameter = report('Object.groupBy').replace('earnings()', 'earnings(groupBy)');
    expect(await run({ 'src/report.js': parameter }, 'src/report.js')).toEqual([]);
    const other = allCandidates(
      nodeMissingGroupBy,
      templateContext(
        { 'src/report.js': report('Object.groupBy') },
        {
          kind: 'runtime_error',
          endpoint: 'GET /reports/earnings',
          log: nodeLog('TypeError: db.lessons is not a function', ['earnings (/app/src/report.js:4:30)']),
        },
      ).context,
      ['src/report.js'],
    );
    expect(await other).toEqual([]);
  });
});
