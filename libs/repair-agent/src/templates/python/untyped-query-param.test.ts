import { describe, expect, it } from 'vitest';
import { pythonUntypedQueryParam } from './untyped-query-param.js';
import { candidatesOf } from './test-support/python-context.js';

const module = (imports: string, param: string, test: string) => `${imports}from fastapi import APIRouter, Query

router = APIRouter()


@router.get("/kennels/{kennel_id}/runs")
def list_runs(
    kennel_id: int,
    ${param},
):
    runs = []
    for run in RUNS:
        free = run["size"] - run["dogs"]
        if ${test}:
            continue
        runs.append(run)
    return runs
`;

async function run(source: string, message: string) {
  const found = await candidatesOf(pythonUntypedQueryParam, {
    files: { 'app/runs.py': source },
    culprit: { file: 'app/runs.py', line: source.split('\n').findIndex((l) => l.includes('if ')) + 1 },
    exception: { type: 'TypeError', message },
  });
  return found.map((c) => c.changed['app/runs.py']);
}

const LT = "'<' not supported between instances of 'int' and 'str'";

describe('python.untyped-query-param', () => {
  it('annotates an untyped Query(None) parameter compared with an int as Optional[int] (imported)', async () => {
    const source = module(
      '',
      'min_free=Query(default=None, description="At least")',
      'min_free is not None and free < min_free',
    );
    expect(await run(source, LT)).toEqual([
      source
        .replace('min_free=Query(', 'min_free: Optional[int] = Query(')
        .replace('APIRouter, Query\n', 'APIRouter, Query\nfrom typing import Optional\n'),
    ]);
  });

  it('reads the string side from the message, and keeps a non-None default plain', async () => {
    const source = module('from typing import Optional\n', 'cap = Query(3)', 'cap > free');
    const message = "'>' not supported between instances of 'str' and 'float'";
    expect(await run(source, message)).toEqual([source.replace('cap = Query(3)', 'cap: float = Query(3)')]);
  });

  it('leaves an annotated parameter, the wrong side of the operator, and a non-number', async () => {
    expect(await run(module('', 'min_free: str = Query(None)', 'free < min_free'), LT)).toEqual([]);
    expect(await run(module('', 'min_free=Query(None)', 'min_free < free'), LT)).toEqual([]);
    const dates = "'<' not supported between instances of 'datetime.date' and 'str'";
    expect(await run(module('', 'min_free=Query(None)', 'free < min_free'), dates)).toEqual([]);
  });

  it('annotates a str parameter compared with a date as a date (imported)', async () => {
    const GE = "'>=' not supported between instances of 'datetime.date' and 'str'";
    const source = module(
      '',
      'since: str | None = Query(default=None)',
      'since is not None and run["opened"] >= since',
    );
    expect(await run(source, GE)).toEqual([
      source
        .replace('since: str | None', 'since: date | None')
        .replace('APIRouter, Query\n', 'APIRouter, Query\nfrom datetime import date\n'),
    ]);
  });

  it('leaves a str parameter compared with a number, and a module where date means something else', async () => {
    const source = module('', 'cap: str = Query("3")', 'cap > free');
    expect(await run(source, "'>' not supported between instances of 'str' and 'int'")).toEqual([]);
    const GE = "'>=' not supported between instances of 'datetime.date' and 'str'";
    const clash = module('from app.fields import date\n', 'since: str = Query()', 'run["opened"] >= since');
    expect(await run(clash, GE)).toEqual([]);
  });
});
