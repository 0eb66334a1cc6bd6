import { describe, expect, it } from 'vitest';
import { pythonIterationSnapshot } from './iteration-snapshot.js';
import { candidatesOf } from './test-support/python-context.js';

const DICT = 'dictionary changed size during iteration';

async function run(loop: string, message = DICT) {
  const body = '        if query[key] is None:\n            del query[key]\n    return query\n';
  const source = `def clean(query):\n    ${loop}\n${body}`;
  const found = await candidatesOf(pythonIterationSnapshot, {
    files: { 'app/filters.py': source },
    culprit: { file: 'app/filters.py', line: 2 },
    exception: { type: 'RuntimeError', message },
  });
  return { source, fixed: found.map((c) => c.changed['app/filters.py']) };
}

describe('python.iteration-snapshot', () => {
  it('walks a list of the items (keys, the dict itself) the loop deletes from', async () => {
    for (const iterable of ['query.items()', 'query', 'self.query.keys()']) {
      const { source, fixed } = await run(`for key in ${iterable}:  # drop blanks`);
      expect(fixed).toEqual([source.replace(`in ${iterable}:`, `in list(${iterable}):`)]);
    }
  });

  it('walks a snapshot of a set too', async () => {
    const { source, fixed } = await run('for key in seen:', 'Set changed size during iteration');
    expect(fixed).toEqual([source.replace('in seen:', 'in list(seen):')]);
  });

  it('leaves a loop over a call or a list already, another RuntimeError, or a line that is no loop', async () => {
    expect((await run('for key in sorted(query):')).fixed).toEqual([]);
    expect((await run('for key in list(query.items()):')).fixed).toEqual([]);
    expect((await run('for key in query:', 'maximum recursion depth exceeded')).fixed).toEqual([]);
    expect((await run('while query:')).fixed).toEqual([]);
  });
});
