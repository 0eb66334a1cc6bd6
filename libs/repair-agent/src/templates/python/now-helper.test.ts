import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonNotNullColumn } from './not-null-column.js';
import { allCandidates, templateContext } from './test-support/summarise.js';

// heldout8 choir C5, as pytest reported it once the start time parsed.
const failure = {
  type: 'sqlalchemy.exc.IntegrityError',
  message: '(sqlite3.IntegrityError) NOT NULL constraint failed: rehearsals.created_at',
};
const models =
  'class Rehearsal(Base):\n    __tablename__ = "rehearsals"\n\n' +
  '    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n' +
  '    title: Mapped[str] = mapped_column(String(200), nullable=False)\n' +
  '    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)\n';
const dates =
  'from datetime import datetime\n\n\ndef parse_starts_at(value: str) -> datetime:\n' +
  '    return datetime.strptime(value, "%Y-%m-%d")\n\n\ndef now_local() -> datetime:\n' +
  '    return datetime.now().replace(microsecond=0)\n';
const router =
  'from app.helpers.dates import parse_starts_at\nfrom app.models import Rehearsal\n\n\n' +
  'def create_rehearsal(body, db):\n    rehearsal = Rehearsal(\n        title=body.title,\n    )\n' +
  '    db.add(rehearsal)\n    db.commit()\n';

async function fixed(files: Record<string, string>, message = failure.message) {
  const context = templateContext(
    { 'app/models.py': models, 'app/routers/rehearsals.py': router, ...files },
    {
      cause: {
        trace: {
          frames: [{ file: '/app/app/routers/rehearsals.py', line: 10, inApp: true }],
        } as unknown as RootCause['trace'],
      },
      culprit: { file: 'app/routers/rehearsals.py', line: 10 },
      exception: { ...failure, message },
    },
  );
  return (await allCandidates(pythonNotNullColumn, context, 'app/routers/rehearsals.py')).map((c) => c.source);
}

describe('python.not-null-column #creation-now', () => {
  it(`sets a creation column from the project's one now() helper, imported beside the module's other \
import`, async () => {
    expect(await fixed({ 'app/helpers/dates.py': dates })).toEqual([
      router
        .replace('import parse_starts_at', 'import now_local, parse_starts_at')
        .replace('        title=body.title,\n', '        title=body.title,\n        created_at=now_local(),\n'),
    ]);
  });

  it('uses a helper of the same module as it is, whatever it is called', async () => {
    const own = `${router}\n\ndef utc_stamp():\n    return datetime.utcnow()\n`;
    expect(await fixed({ 'app/routers/rehearsals.py': own })).toEqual([
      own.replace('        title=body.title,\n', '        title=body.title,\n        created_at=utc_stamp(),\n'),
    ]);
  });

  it('invents no moment: a column that is no creation, no helper, two helpers', async () => {
    const held = models.replace('created_at', 'held_at');
    expect(
      await fixed(
        { 'app/models.py': held, 'app/helpers/dates.py': dates },
        failure.message.replace('created_at', 'held_at'),
      ),
    ).toEqual([]);
    expect(
      await fixed({
        'app/helpers/dates.py': dates.replace(
          'def now_local() -> datetime:\n    return datetime.now().replace(microsecond=0)\n',
          '',
        ),
      }),
    ).toEqual([]);
    expect(
      await fixed({ 'app/helpers/dates.py': `${dates}\n\ndef now_utc():\n    return datetime.utcnow()\n` }),
    ).toEqual([]);
  });
});
