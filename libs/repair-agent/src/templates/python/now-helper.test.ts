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

  it('invents no moment: a column that is no creation, two helpers', async () => {
    const held = models.replace('created_at', 'held_at');
    expect(
      await fixed(
        { 'app/models.py': held, 'app/helpers/dates.py': dates },
        failure.message.replace('created_at', 'held_at'),
      ),
    ).toEqual([]);
    expect(
      await fixed({ 'app/helpers/dates.py': `${dates}\n\ndef now_utc():\n    return datetime.utcnow()\n` }),
    ).toEqual([]);
  });

  it('writes "now" as the app code does when it has no helper (the request moment: requested_at)', async () => {
    const noHelper = dates.replace(
      'def now_local() -> datetime:\n    return datetime.now().replace(microsecond=0)\n',
      '',
    );
    const service =
      'from datetime import datetime, timezone\n\n\ndef age(x):\n    return datetime.now(timezone.utc) - x\n';
    const requested = models.replace('created_at', 'requested_at');
    expect(
      await fixed(
        { 'app/helpers/dates.py': noHelper, 'app/models.py': requested, 'app/services/age.py': service },
        failure.message.replace('created_at', 'requested_at'),
      ),
    ).toEqual([
      router
        .replace(
          'from app.models import Rehearsal\n',
          'from app.models import Rehearsal\nfrom datetime import datetime, timezone\n',
        )
        .replace(
          '        title=body.title,\n',
          '        title=body.title,\n        requested_at=datetime.now(timezone.utc),\n',
        ),
    ]);
    // Seeds and tests do not say how the app writes "now"; with nothing else, the naive local moment.
    const seed = 'from datetime import datetime, timezone\nNOW = datetime.now(timezone.utc)\n';
    expect(await fixed({ 'app/helpers/dates.py': noHelper, 'app/seed.py': seed })).toEqual([
      router
        .replace(
          'from app.models import Rehearsal\n',
          'from app.models import Rehearsal\nfrom datetime import datetime\n',
        )
        .replace('        title=body.title,\n', '        title=body.title,\n        created_at=datetime.now(),\n'),
    ]);
  });
});
