import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonEnumValue } from './enum-value.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `import enum


class LoanStatus(str, enum.Enum):
    active = "active"
    returned = "returned"
    lost_item = "lost-item"
`;
const repository = 'class LoanRepository:\n    def save(self, loan):\n        self.db.commit()\n        return loan\n';
const frames = (...at: [string, number][]) => ({
  trace: {
    frames: at.map(([file, line]) => ({ file: `/srv/${file}`, line, inApp: true })),
  } as unknown as RootCause['trace'],
});

async function run(service: string, message: string, serviceLine: number) {
  const found = await candidatesOf(pythonEnumValue, {
    files: { 'app/models.py': models, 'app/repository.py': repository, 'app/service.py': service },
    culprit: { file: 'app/repository.py', line: 3 },
    exception: { type: 'LookupError', message },
    cause: frames(['app/service.py', serviceLine], ['app/repository.py', 3]),
  });
  return found.map((c) => c.changed['app/service.py']);
}

describe('python.enum-value', () => {
  it(`SQLAlchemy's LookupError: the stray literal on the request's path becomes the member (the enum is \
imported)`, async () => {
    const service =
      'from app.models import LoanStatus\n\n\ndef return_loan(repo, loan):\n    loan.status = "RETURNED"\n' +
      '    return repo.save(loan)\n';
    const message =
      "'RETURNED' is not among the defined enum values. Enum name: loanstatus. Possible values: active, " +
      'returned, lost-item';
    expect(await run(service, message, 6)).toEqual([service.replace('"RETURNED"', 'LoanStatus.returned')]);
  });

  it("Python's `is not a valid` with the enum not in scope: the value string, matched up to separators", async () => {
    const service = "def mark_lost(repo, loan):\n    loan.update(status='LOST_ITEM')\n    return repo.save(loan)\n";
    expect(await run(service, "'LOST_ITEM' is not a valid LoanStatus", 3)).toEqual([
      service.replace("'LOST_ITEM'", '"lost-item"'),
    ]);
  });

  it('proposes nothing when no member spells the value (adding one would change what is stored)', async () => {
    const service =
      'from app.models import LoanStatus\n\n\ndef return_loan(repo, loan):\n    loan.status = "CLOSED"\n' +
      '    return repo.save(loan)\n';
    const message =
      "'CLOSED' is not among the defined enum values. Enum name: loanstatus. Possible values: active, " +
      'returned, lost-item';
    expect(await run(service, message, 6)).toEqual([]);
  });
});
