import { describe, expect, it } from 'vitest';
import { pythonNaiveAwareDatetime } from './naive-aware-datetime.js';
import { allCandidates, templateContext } from './test-support/summarise.js';

const compare = { type: 'TypeError', message: "can't compare offset-naive and offset-aware datetimes" };

describe('python.naive-aware-datetime', () => {
  it('makes the stored naive side aware where the codebase writes aware datetimes', async () => {
    const service = [
      'from datetime import datetime, timezone',
      '',
      '',
      'def overdue_tasks(repo, project_id):',
      '    now = datetime.now(timezone.utc)',
      '    return [t.id for t in repo.tasks_of(project_id) if t.due_at < now]',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/service.py': service },
      { culprit: { file: 'app/service.py', line: 6 }, exception: compare },
    );
    const candidates = await allCandidates(pythonNaiveAwareDatetime, context, 'app/service.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#aware-left']);
    expect(candidates[0]!.source).toBe(
      service.replace('t.due_at < now', 't.due_at.replace(tzinfo=timezone.utc) < now'),
    );
  });

  it('makes a value the function takes in aware only when it came naive: an offset it has stays', async () => {
    const route = [
      'from datetime import datetime, timezone',
      '',
      '',
      'def create_batch(payload):',
      '    loaded_at = payload.loaded_at',
      '    if loaded_at > datetime.now(timezone.utc):',
      '        raise ValueError("future")',
      '    return loaded_at',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/routes.py': route },
      { culprit: { file: 'app/routes.py', line: 6 }, exception: compare },
    );
    const candidates = await allCandidates(pythonNaiveAwareDatetime, context, 'app/routes.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#aware-left']);
    expect(candidates[0]!.source).toBe(
      route.replace(
        '    if loaded_at >',
        '    if loaded_at.tzinfo is None:\n' +
          '        loaded_at = loaded_at.replace(tzinfo=timezone.utc)\n    if loaded_at >',
      ),
    );
  });

  it("reads a local of the project's aware clock as aware, and a difference compared with a timedelta", async () => {
    const service = [
      'from datetime import datetime, timedelta, timezone',
      '',
      'MIN_REST = timedelta(hours=8)',
      '',
      '',
      'def _utcnow() -> datetime:',
      '    return datetime.now(timezone.utc).replace(microsecond=0)',
      '',
      '',
      'def check(dogs):',
      '    now = _utcnow()',
      '    for dog in dogs:',
      '        if dog.last_run_at is not None and now - dog.last_run_at < MIN_REST:',
      '            raise ValueError("rest")',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/runs.py': service },
      {
        culprit: { file: 'app/runs.py', line: 13 },
        exception: { type: 'TypeError', message: "can't subtract offset-naive and offset-aware datetimes" },
      },
    );
    const candidates = await allCandidates(pythonNaiveAwareDatetime, context, 'app/runs.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#aware-right']);
    expect(candidates[0]!.source).toBe(
      service.replace('now - dog.last_run_at <', 'now - dog.last_run_at.replace(tzinfo=timezone.utc) <'),
    );
  });

  it('makes the aware side naive where the codebase writes naive UTC (utcnow)', async () => {
    const clock = 'from datetime import datetime\n\n\ndef stamp():\n    return datetime.utcnow()\n';
    const service =
      'from datetime import datetime\n\n\ndef age_seconds(event):\n' +
      '    age = datetime.utcnow() - event.created_at\n    return age.total_seconds()\n';
    const context = templateContext(
      { 'app/clock.py': clock, 'app/events.py': service },
      {
        culprit: { file: 'app/events.py', line: 5 },
        exception: { type: 'TypeError', message: "can't subtract offset-naive and offset-aware datetimes" },
      },
    );
    const candidates = await allCandidates(pythonNaiveAwareDatetime, context, 'app/events.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#naive-right']);
    expect(candidates[0]!.source).toBe(
      service
        .replace('from datetime import datetime\n', 'from datetime import datetime, timezone\n')
        .replace('event.created_at\n', 'event.created_at.astimezone(timezone.utc).replace(tzinfo=None)\n'),
    );
  });

  it("normalises a request model's aware field before the line where the codebase is naive UTC", async () => {
    const schemas = 'class FiringCreate(BaseModel):\n    scheduled_for: datetime\n';
    const service =
      'from datetime import datetime\n\n\ndef schedule(payload: FiringCreate, db):\n' +
      '    if payload.scheduled_for <= datetime.utcnow():\n        raise Bad()\n' +
      '    db.add(Firing(**payload.model_dump()))\n';
    const context = templateContext(
      { 'app/schemas.py': schemas, 'app/firings.py': service },
      { culprit: { file: 'app/firings.py', line: 5 }, exception: compare },
    );
    const candidates = await allCandidates(pythonNaiveAwareDatetime, context, 'app/firings.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#naive-left']);
    expect(candidates[0]!.source).toBe(
      service
        .replace('from datetime import datetime\n', 'from datetime import datetime, timezone\n')
        .replace(
          '    if payload.scheduled_for <=',
          '    if payload.scheduled_for.tzinfo is not None:\n' +
            '        payload.scheduled_for = payload.scheduled_for.astimezone(timezone.utc).replace(tzinfo=None)\n' +
            '    if payload.scheduled_for <=',
        ),
    );
  });

  describe("a request model's field against a naive clock where the codebase is aware", () => {
    const models =
      'from sqlalchemy import DateTime\n\n\nclass Shift(Base):\n' +
      '    starts_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)\n';
    const schemas = 'class ShiftCreate(BaseModel):\n    starts_at: datetime\n';
    const clock = 'from datetime import datetime, timezone\n\n\ndef stamp():\n    return datetime.now(timezone.utc)\n';
    const service =
      'from datetime import datetime\n\n\ndef open_shift(payload: ShiftCreate, db):\n' +
      '    if payload.starts_at > datetime.utcnow():\n        raise Bad()\n' +
      '    db.add(Shift(**payload.model_dump()))\n';
    async function run(modelSource: string) {
      const context = templateContext(
        { 'app/models.py': modelSource, 'app/schemas.py': schemas, 'app/clock.py': clock, 'app/shifts.py': service },
        { culprit: { file: 'app/shifts.py', line: 5 }, exception: compare },
      );
      return allCandidates(pythonNaiveAwareDatetime, context, 'app/shifts.py');
    }

    it('takes the field to naive UTC before the line when a naive column stores it, naive input kept', async () => {
      const candidates = await run(models);
      expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#naive-left']);
      expect(candidates[0]!.source).toBe(
        service
          .replace('from datetime import datetime\n', 'from datetime import datetime, timezone\n')
          .replace(
            '    if payload.starts_at >',
            '    if payload.starts_at.tzinfo is not None:\n' +
              '        payload.starts_at = payload.starts_at.astimezone(timezone.utc).replace(tzinfo=None)\n' +
              '    if payload.starts_at >',
          ),
      );
    });

    it('an aware column (timezone=True) leaves the convention to make the clock aware, as before', async () => {
      const candidates = await run(models.replace('mapped_column(DateTime,', 'mapped_column(DateTime(timezone=True),'));
      expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#aware-right']);
    });
  });

  it('converts inline inside a call continued over lines, and for a name the function never assigned', async () => {
    const schemas = 'class FiringCreate(BaseModel):\n    scheduled_for: datetime\n';
    const keyword =
      'from datetime import datetime\n\n\ndef out(payload: FiringCreate):\n    return FiringOut(\n' +
      '        overdue=payload.scheduled_for <= datetime.utcnow(),\n    )\n';
    const run = async (source: string, line: number) =>
      allCandidates(
        pythonNaiveAwareDatetime,
        templateContext(
          { 'app/schemas.py': schemas, 'app/firings.py': source },
          { culprit: { file: 'app/firings.py', line }, exception: compare },
        ),
        'app/firings.py',
      );
    expect((await run(keyword, 6))[0]!.source).toContain(
      '        overdue=payload.scheduled_for.astimezone(timezone.utc).replace(tzinfo=None) <= datetime.utcnow(),\n',
    );
    const comprehension =
      'from datetime import datetime\n\n\ndef late(dates):\n    return [d for d in dates if d < datetime.utcnow()]\n';
    expect((await run(comprehension, 5))[0]!.source).toContain(
      '    return [d for d in dates if d.astimezone(timezone.utc).replace(tzinfo=None) < datetime.utcnow()]\n',
    );
  });

  it("reads the project's own utcnow() by its body (aware) in a compound condition", async () => {
    const clock =
      'from datetime import datetime, timezone\n\n\ndef utcnow() -> datetime:\n    return datetime.now(timezone.utc)\n';
    const service = [
      'from datetime import timedelta',
      '',
      'from app.core.clock import utcnow',
      '',
      '',
      'def detail(tour, booked):',
      '    closes_at = tour.starts_at - timedelta(hours=2)',
      '    return dict(',
      '        booking_open=closes_at > utcnow() and booked < tour.capacity,',
      '    )',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/core/clock.py': clock, 'app/services/tours.py': service },
      { culprit: { file: 'app/services/tours.py', line: 9 }, exception: compare },
    );
    const candidates = await allCandidates(pythonNaiveAwareDatetime, context, 'app/services/tours.py');
    // Its helper aware, the stored value naive: the helper's side is made naive (the line's
    // convention: it calls utcnow()), not the stored value again.
    expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#naive-right']);
    expect(candidates[0]!.source).toContain(
      'booking_open=closes_at > utcnow().astimezone(timezone.utc).replace(tzinfo=None) and booked < tour.capacity,',
    );
    expect(candidates[0]!.source).toContain('from datetime import timedelta, timezone\n');
  });

  it('leaves another TypeError on datetimes alone', async () => {
    const service =
      'from datetime import datetime, timezone\n\n\ndef age(event):\n' +
      '    return datetime.now(timezone.utc) - event.closed_at\n';
    const context = templateContext(
      { 'app/events.py': service },
      {
        culprit: { file: 'app/events.py', line: 5 },
        exception: {
          type: 'TypeError',
          message: "unsupported operand type(s) for -: 'datetime.datetime' and 'NoneType'",
        },
      },
    );
    expect(await allCandidates(pythonNaiveAwareDatetime, context, 'app/events.py')).toEqual([]);
  });

  describe('#stored-naive: a naive DateTime column read back against a value of unknown kind', () => {
    const models =
      'from datetime import datetime\nfrom sqlalchemy import DateTime\n\n\nclass Delivery(Base):\n' +
      '    delivered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)\n' +
      '    graded_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)\n';
    const service = [
      'from datetime import datetime, timezone',
      '',
      '',
      'def _now():',
      '    return datetime.now(timezone.utc)',
      '',
      '',
      'def grade(delivery, payload):',
      '    graded_at = payload.graded_at',
      '    if graded_at < delivery.delivered_at:',
      '        raise Bad()',
      '    delivery.graded_at = graded_at',
      '',
    ].join('\n');
    async function run(files: Record<string, string>, source: string) {
      const context = templateContext(
        { ...files, 'app/service.py': source },
        { culprit: { file: 'app/service.py', line: 10 }, exception: compare },
      );
      return allCandidates(pythonNaiveAwareDatetime, context, 'app/service.py');
    }

    it('takes the local to naive UTC before the comparison, whatever the convention, so it is stored so', async () => {
      const candidates = await run({ 'app/models.py': models }, service);
      expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#stored-naive']);
      expect(candidates[0]!.source).toBe(
        service.replace(
          '    if graded_at < delivery.delivered_at:',
          '    if graded_at.tzinfo is not None:\n' +
            '        graded_at = graded_at.astimezone(timezone.utc).replace(tzinfo=None)\n' +
            '    if graded_at < delivery.delivered_at:',
        ),
      );
    });

    it("a request model's field is normalised before the line, so it is stored naive UTC too", async () => {
      const inline = service
        .replace('def grade(delivery, payload):', 'def grade(delivery, payload: GradeUpdate):')
        .replace('if graded_at < delivery', 'if payload.graded_at < delivery');
      const schemas = 'class GradeUpdate(BaseModel):\n    graded_at: datetime\n';
      const candidates = await run({ 'app/models.py': models, 'app/schemas.py': schemas }, inline);
      expect(candidates[0]!.source).toBe(
        inline.replace(
          '    if payload.graded_at < delivery',
          '    if payload.graded_at.tzinfo is not None:\n' +
            '        payload.graded_at = payload.graded_at.astimezone(timezone.utc).replace(tzinfo=None)\n' +
            '    if payload.graded_at < delivery',
        ),
      );
    });

    it('normalises every compared value of an overlap check in one candidate, not one of them', async () => {
      const overlap = service
        .replace('    graded_at = payload.graded_at\n', '    starts, ends = payload.starts, payload.ends\n')
        .replace(
          'if graded_at < delivery.delivered_at',
          'if starts < delivery.graded_at and delivery.delivered_at < ends',
        );
      const candidates = await run({ 'app/models.py': models }, overlap);
      expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#stored-naive']);
      const naive = (name: string) => `${name}.astimezone(timezone.utc).replace(tzinfo=None)`;
      expect(candidates[0]!.source).toBe(
        overlap.replace(
          'if starts < delivery.graded_at and delivery.delivered_at < ends',
          `if ${naive('starts')} < delivery.graded_at and delivery.delivered_at < ${naive('ends')}`,
        ),
      );
    });

    it('a value of known kind (an aware now) leaves the convention to decide, as before', async () => {
      const known = service
        .replace('    graded_at = payload.graded_at\n', '    now = datetime.now(timezone.utc)\n')
        .replace('if graded_at < delivery.delivered_at', 'if now < delivery.delivered_at')
        .replace('delivery.graded_at = graded_at', 'delivery.graded_at = now');
      const candidates = await run({ 'app/models.py': models }, known);
      expect(candidates.map((c) => c.key)).toEqual(['python.naive-aware-datetime#aware-right']);
    });

    it('an aware column (timezone=True) is no naive storage: the convention decides as before', async () => {
      const aware = models.replace('mapped_column(DateTime, nullable=False)', 'mapped_column(DateTime(timezone=True))');
      const candidates = await run({ 'app/models.py': aware }, service);
      expect(candidates.map((c) => c.key)).not.toContain('python.naive-aware-datetime#stored-naive');
    });
  });
});
