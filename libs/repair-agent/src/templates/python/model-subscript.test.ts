import { describe, expect, it } from 'vitest';
import { pythonModelSubscript } from './model-subscript.js';
import { candidatesOf } from './test-support/python-context.js';

const schemas =
  'from pydantic import BaseModel\n\n\nclass OverdueLoan(BaseModel):\n    loan_id: int\n    days_overdue: int\n';

async function run(source: string, line: number, owner = 'OverdueLoan') {
  const found = await candidatesOf(pythonModelSubscript, {
    files: { 'app/schemas.py': schemas, 'app/service.py': source },
    culprit: { file: 'app/service.py', line },
    exception: { type: 'TypeError', message: `'${owner}' object is not subscriptable` },
  });
  return found.map((c) => c.changed['app/service.py']?.split('\n')[line - 1]);
}

describe('python.model-subscript', () => {
  it('a sort key reading a pydantic model like a dict', async () => {
    const source =
      'def overdue(result):\n    return sorted(result, key=lambda item: item["days_overdue"], reverse=True)\n';
    expect(await run(source, 2)).toEqual([
      '    return sorted(result, key=lambda item: item.days_overdue, reverse=True)',
    ]);
  });

  it('two fields on one line, a dict key of another name left alone', async () => {
    const source =
      "def row(loan, extra):\n    return {'id': loan['loan_id'], 'days': loan['days_overdue'], 'note': " +
      "extra['note']}\n";
    expect(await run(source, 2)).toEqual([
      "    return {'id': loan.loan_id, 'days': loan.days_overdue, 'note': extra['note']}",
    ]);
  });

  it("proposes nothing for a class that is not the project's, or a key the class does not declare", async () => {
    expect(await run('def f(x):\n    return x["days_overdue"]\n', 2, 'Response')).toEqual([]);
    expect(await run('def f(x):\n    return x["title"]\n', 2)).toEqual([]);
  });
});
