import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonNotNullColumn } from './not-null-column.js';
import { allCandidates, templateContext } from './test-support/summarise.js';

const trace = (...frames: [string, number][]) => ({
  trace: {
    frames: frames.map(([file, line]) => ({ file: `/app/${file}`, line, inApp: true })),
  } as unknown as RootCause['trace'],
});

describe('python.not-null-column', () => {
  const models =
    'class Task(Base):\n    __tablename__ = "tasks"\n\n' +
    '    id: Mapped[int] = mapped_column(primary_key=True)\n    title: Mapped[str]\n' +
    '    priority: Mapped[int] = mapped_column(nullable=False)\n';
  const schemas = 'class TaskCreate(BaseModel):\n    title: str\n    priority_level: int\n';
  const service =
    'from .models import Task\n\n\ndef add_task(repo, project_id: int, payload: TaskCreate):\n' +
    '    task = Task(title=payload.title)\n    return repo.save(task)\n';
  const repository =
    'class Repository:\n    def save(self, task):\n        self.db.add(task)\n        self.db.commit()\n' +
    '        return task\n';

  it('sets the NOT NULL column from the request field that names it, in the create on the trace (SQLite)', async () => {
    const context = templateContext(
      {
        'app/models.py': models,
        'app/schemas.py': schemas,
        'app/service.py': service,
        'app/repository.py': repository,
      },
      {
        cause: trace(['app/service.py', 6], ['app/repository.py', 4]),
        culprit: { file: 'app/repository.py', line: 4 },
        exception: {
          type: 'sqlalchemy.exc.IntegrityError',
          message: '(sqlite3.IntegrityError) NOT NULL constraint failed: tasks.priority',
        },
      },
    );
    const [only, ...rest] = await allCandidates(pythonNotNullColumn, context, 'app/service.py');
    expect(rest).toEqual([]);
    expect(only?.source).toBe(
      service.replace('Task(title=payload.title)', 'Task(title=payload.title, priority=payload.priority_level)'),
    );
  });

  it('passes a local the function computed for the column and then never used', async () => {
    const computed =
      'from .models import Task\n\n\ndef add_task(repo, payload: TaskCreate):\n' +
      '    weight = PRIORITIES[payload.title]\n    task = Task(title=payload.title)\n' +
      '    return repo.save(task)\n';
    const models2 = models.replace('priority: Mapped[int]', 'priority_weight: Mapped[int]');
    const message = '(sqlite3.IntegrityError) NOT NULL constraint failed: tasks.priority_weight';
    const context = templateContext(
      {
        'app/models.py': models2,
        'app/schemas.py': 'class TaskCreate(BaseModel):\n    title: str\n',
        'app/service.py': computed,
        'app/repository.py': repository,
      },
      {
        cause: trace(['app/service.py', 7], ['app/repository.py', 4]),
        culprit: { file: 'app/repository.py', line: 4 },
        exception: { type: 'sqlalchemy.exc.IntegrityError', message },
      },
    );
    const [only] = await allCandidates(pythonNotNullColumn, context, 'app/service.py');
    expect(only?.key).toBe('python.not-null-column#unused-local');
    expect(only?.source).toBe(
      computed.replace('Task(title=payload.title)', 'Task(title=payload.title, priority_weight=weight)'),
    );
    // The local is used after the call (it is not the forgotten value): no candidate.
    const used = computed.replace('    return repo.save(task)', '    task.score = weight\n    return repo.save(task)');
    const usedContext = templateContext(
      {
        'app/models.py': models2,
        'app/schemas.py': 'class TaskCreate(BaseModel):\n    title: str\n',
        'app/service.py': used,
        'app/repository.py': repository,
      },
      {
        cause: trace(['app/service.py', 8], ['app/repository.py', 4]),
        culprit: { file: 'app/repository.py', line: 4 },
        exception: { type: 'sqlalchemy.exc.IntegrityError', message },
      },
    );
    expect(await allCandidates(pythonNotNullColumn, usedContext, 'app/service.py')).toEqual([]);
  });

  it("reads Postgres' message and adds the keyword on its own line to a multi-line constructor", async () => {
    const users =
      'class User(Base):\n    __tablename__ = "users"\n\n' +
      '    id: Mapped[int] = mapped_column(primary_key=True)\n    name: Mapped[str]\n' +
      '    email: Mapped[str]\n';
    const route = [
      '@router.post("/users")',
      'def create_user(body: UserCreate, db: Session = Depends(get_db)):',
      '    user = User(',
      '        name=body.name',
      '    )',
      '    db.add(user)',
      '    db.commit()',
      '    return user',
      '',
    ].join('\n');
    const context = templateContext(
      {
        'app/models.py': users,
        'app/schemas.py': 'class UserCreate(BaseModel):\n    name: str\n    email_address: str\n',
        'app/routes.py': route,
      },
      {
        cause: trace(['app/routes.py', 7]),
        culprit: { file: 'app/routes.py', line: 7 },
        exception: {
          type: 'sqlalchemy.exc.IntegrityError',
          message:
            '(psycopg2.errors.NotNullViolation) null value in column "email" of relation "users" violates ' +
            'not-null constraint',
        },
      },
    );
    const [only] = await allCandidates(pythonNotNullColumn, context, 'app/routes.py');
    expect(only?.source).toBe(
      route.replace('        name=body.name\n', '        name=body.name,\n        email=body.email_address,\n'),
    );
  });

  it('adds the keyword to a generic create helper handed the model class, whose **extra reaches the row', async () => {
    const crud =
      'def create(db, model, payload, **extra):\n    data = payload.model_dump()\n    data.update(extra)\n' +
      '    obj = model(**{k: v for k, v in data.items() if k in COLUMNS})\n' +
      '    db.add(obj)\n    db.commit()\n    return obj\n';
    const router =
      'from app import crud\nfrom .models import Task\n\n\ndef add_task(db, payload: TaskCreate):\n' +
      '    task = crud.create(db, Task, payload)\n    return task\n';
    const run = (helper: string) =>
      allCandidates(
        pythonNotNullColumn,
        templateContext(
          { 'app/models.py': models, 'app/schemas.py': schemas, 'app/crud.py': helper, 'app/router.py': router },
          {
            cause: trace(['app/router.py', 6], ['app/crud.py', 6]),
            culprit: { file: 'app/crud.py', line: 6 },
            exception: {
              type: 'sqlalchemy.exc.IntegrityError',
              message: '(sqlite3.IntegrityError) NOT NULL constraint failed: tasks.priority',
            },
          },
        ),
        'app/router.py',
      );
    const found = await run(crud);
    expect(found.map((c) => c.source)).toEqual([
      router.replace(
        'crud.create(db, Task, payload)',
        'crud.create(db, Task, payload, priority=payload.priority_level)',
      ),
    ]);
    // A helper whose keywords never reach the row: nothing.
    expect(await run(crud.replace('    data.update(extra)\n', ''))).toEqual([]);
  });

  it('proposes nothing when no request field names the column', async () => {
    const context = templateContext(
      {
        'app/models.py': models,
        'app/schemas.py': 'class TaskCreate(BaseModel):\n    title: str\n    notes: str\n',
        'app/service.py': service,
        'app/repository.py': repository,
      },
      {
        cause: trace(['app/service.py', 6], ['app/repository.py', 4]),
        culprit: { file: 'app/repository.py', line: 4 },
        exception: {
          type: 'sqlalchemy.exc.IntegrityError',
          message: '(sqlite3.IntegrityError) NOT NULL constraint failed: tasks.priority',
        },
      },
    );
    expect(await allCandidates(pythonNotNullColumn, context, 'app/service.py')).toEqual([]);
  });

  describe('a moment column no request field names: the "now" the create already uses', () => {
    const loans =
      'class Loan(Base):\n    __tablename__ = "loans"\n\n' +
      '    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n' +
      '    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"), nullable=False)\n' +
      '    loaned_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)\n' +
      '    due_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)\n' +
      '    started_on: Mapped[date] = mapped_column(Date, nullable=False)\n';
    const loanIn = 'class LoanCreate(BaseModel):\n    book_id: int\n    days: int\n';
    const run = async (service: string, column: string, line: number) => {
      const context = templateContext(
        { 'app/models.py': loans, 'app/schemas.py': loanIn, 'app/service.py': service },
        {
          cause: trace(['app/service.py', line]),
          culprit: { file: 'app/service.py', line },
          exception: {
            type: 'sqlalchemy.exc.IntegrityError',
            message: `(sqlite3.IntegrityError) NOT NULL constraint failed: loans.${column}`,
          },
        },
      );
      return allCandidates(pythonNotNullColumn, context, 'app/service.py');
    };

    it('loaned_at=now in a multi-line constructor that sets due_at from now', async () => {
      const service = [
        'def checkout(repo, payload: LoanCreate):',
        '    now = datetime.utcnow()',
        '    loan = Loan(',
        '        book_id=payload.book_id,',
        '        due_at=now + timedelta(days=payload.days),',
        '    )',
        '    return repo.save(loan)',
        '',
      ].join('\n');
      const [only, ...rest] = await run(service, 'loaned_at', 7);
      expect(rest).toEqual([]);
      expect(only?.key).toBe('python.not-null-column#moment-local');
      expect(only?.source).toBe(
        service.replace('days=payload.days),\n', 'days=payload.days),\n        loaned_at=now,\n'),
      );
    });

    it('a date column from date.today() in a one-line constructor', async () => {
      const service =
        'def start(repo, payload: LoanCreate):\n    today = date.today()\n' +
        '    now = datetime.now(timezone.utc)\n' +
        '    loan = Loan(book_id=payload.book_id, loaned_at=now, due_at=now, note=str(today))\n' +
        '    return repo.save(loan)\n';
      const [only] = await run(service, 'started_on', 5);
      expect(only?.source).toBe(service.replace('note=str(today))', 'note=str(today), started_on=today)'));
    });

    it('proposes nothing when the computed moment is not used by the create (no sign it is meant)', async () => {
      const service =
        'def checkout(repo, payload: LoanCreate):\n    now = datetime.utcnow()\n    repo.touch(now)\n' +
        '    loan = Loan(book_id=payload.book_id, due_at=payload.due_at)\n    return repo.save(loan)\n';
      expect(await run(service, 'loaned_at', 5)).toEqual([]);
    });
  });

  describe("a column no request field names: the one literal the project's other creates pass", () => {
    const models =
      'class Visit(Base):\n    __tablename__ = "visits"\n\n' +
      '    id: Mapped[int] = mapped_column(primary_key=True)\n    title: Mapped[str]\n' +
      '    state: Mapped[str] = mapped_column(String(20), nullable=False)\n';
    const service =
      'from .models import Visit\n\n\ndef book(repo, payload: VisitCreate):\n' +
      '    visit = Visit(title=payload.title)\n    return repo.save(visit)\n\n\ndef finish(repo, visit):\n' +
      '    visit.state = "done"\n    return repo.save(visit)\n';
    const seed = (...states: string[]) =>
      `from .models import Visit\n\n\n` +
      `def seed(db):\n${states.map((s, i) => `    db.add(Visit(title="v${i}", state=${s}))\n`).join('')}`;
    const run = (seedSource: string) =>
      allCandidates(
        pythonNotNullColumn,
        templateContext(
          {
            'app/models.py': models,
            'app/schemas.py': 'class VisitCreate(BaseModel):\n    title: str\n',
            'app/service.py': service,
            'app/seed.py': seedSource,
          },
          {
            cause: trace(['app/service.py', 6]),
            culprit: { file: 'app/service.py', line: 6 },
            exception: {
              type: 'sqlalchemy.exc.IntegrityError',
              message: '(sqlite3.IntegrityError) NOT NULL constraint failed: visits.state',
            },
          },
        ),
        'app/service.py',
      );

    it('sets the state every seeded row starts in', async () => {
      const [only, ...rest] = await run(seed('"booked"', '"booked"'));
      expect(rest).toEqual([]);
      expect(only?.key).toBe('python.not-null-column#sibling-literal');
      expect(only?.source).toBe(
        service.replace('Visit(title=payload.title)', 'Visit(title=payload.title, state="booked")'),
      );
    });

    it('reads an enum member passed on a call spanning lines', async () => {
      const spanning =
        'from .models import Visit\n\n\ndef seed(db):\n    db.add(Visit(\n        title="first",\n' +
        '        state=VisitState.BOOKED,\n    ))\n';
      const [only] = await run(spanning);
      expect(only?.source).toBe(
        service.replace('Visit(title=payload.title)', 'Visit(title=payload.title, state=VisitState.BOOKED)'),
      );
    });

    it(`proposes nothing when the creates disagree, pass no literal, start rows where the code moves them, or the code \
moves none`, async () => {
      expect(await run(seed('"booked"', '"cancelled"'))).toEqual([]);
      expect(await run(seed('default_state()'))).toEqual([]);
      expect(await run(seed('"done"'))).toEqual([]);
      // No transition anywhere: nothing says the seeded value is where a row starts.
      const noLifecycle = service.replace('    visit.state = "done"\n', '');
      expect(
        await allCandidates(
          pythonNotNullColumn,
          templateContext(
            {
              'app/models.py': models,
              'app/schemas.py': 'class VisitCreate(BaseModel):\n    title: str\n',
              'app/service.py': noLifecycle,
              'app/seed.py': seed('"booked"'),
            },
            {
              cause: trace(['app/service.py', 6]),
              culprit: { file: 'app/service.py', line: 6 },
              exception: {
                type: 'sqlalchemy.exc.IntegrityError',
                message: '(sqlite3.IntegrityError) NOT NULL constraint failed: visits.state',
              },
            },
          ),
          'app/service.py',
        ),
      ).toEqual([]);
    });
  });

  describe("a moment column nothing sets: the default the project's other moment columns have", () => {
    const models = [
      'from datetime import datetime',
      'from sqlalchemy import DateTime, Integer, String',
      '',
      'class Owner(Base):',
      '    __tablename__ = "owners"',
      '    id: Mapped[int] = mapped_column(Integer, primary_key=True)',
      '    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow, nullable=False)',
      '',
      'class Pet(Base):',
      '    __tablename__ = "pets"',
      '    id: Mapped[int] = mapped_column(Integer, primary_key=True)',
      '    name: Mapped[str] = mapped_column(String(80), nullable=False)',
      '    registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)',
      '',
    ].join('\n');
    const service =
      'from .models import Pet\n\n\ndef create_pet(repo, payload: PetCreate):\n' +
      '    pet = Pet(name=payload.name)\n    return repo.save(pet)\n';
    const run = (files: Record<string, string>, read = 'app/models.py') =>
      allCandidates(
        pythonNotNullColumn,
        templateContext(
          { 'app/schemas.py': 'class PetCreate(BaseModel):\n    name: str\n', 'app/service.py': service, ...files },
          {
            cause: trace(['app/service.py', 6]),
            culprit: { file: 'app/service.py', line: 6 },
            exception: {
              type: 'sqlalchemy.exc.IntegrityError',
              message: '(sqlite3.IntegrityError) NOT NULL constraint failed: pets.registered_at',
            },
          },
        ),
        read,
      );

    it(`registered_at gets default=datetime.utcnow like created_at (never a request field of another \
meaning)`, async () => {
      const [only, ...rest] = await run({ 'app/models.py': models });
      expect(rest).toEqual([]);
      expect(only?.key).toBe('python.not-null-column#model-default');
      expect(only?.source).toBe(
        models.replace(
          'registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)',
          'registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=datetime.utcnow)',
        ),
      );
    });

    it('reads a default split over lines in another file, and imports the names its lambda needs', async () => {
      const owner = [
        'from datetime import datetime, timezone',
        'from sqlalchemy import DateTime, Integer',
        '',
        'class Owner(Base):',
        '    __tablename__ = "owners"',
        '    id: Mapped[int] = mapped_column(Integer, primary_key=True)',
        '    created_at: Mapped[datetime] = mapped_column(',
        '        DateTime(timezone=True), nullable=False, default=lambda: datetime.now(timezone.utc)',
        '    )',
        '',
      ].join('\n');
      const pet = models
        .split('\n')
        .filter((l) => !/Owner|owners|created_at/.test(l))
        .join('\n')
        .replace(/\n\n\n+/g, '\n\n');
      const [only, ...rest] = await run({ 'app/models.py': pet, 'app/owner.py': owner });
      expect(rest).toEqual([]);
      expect(only?.key).toBe('python.not-null-column#model-default');
      expect(only?.source).toBe(
        pet
          .replace('from datetime import datetime', 'from datetime import datetime, timezone')
          .replace(
            'registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)',
            'registered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=lambda: ' +
              'datetime.now(timezone.utc))',
          ),
      );
    });

    it('gives no model default when the models disagree on "now", or have none: the create sets it', async () => {
      const mixed = models.replace(
        'class Pet(Base):',
        'class Visit(Base):\n    __tablename__ = "visits"\n' +
          '    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())\n\nclass Pet(Base):',
      );
      const created = service
        .replace('from .models import Pet\n', 'from .models import Pet\nfrom datetime import datetime\n')
        .replace('Pet(name=payload.name)', 'Pet(name=payload.name, registered_at=datetime.now())');
      for (const file of [mixed, models.replace(', default=datetime.utcnow', '')]) {
        const found = await run({ 'app/models.py': file }, 'app/service.py');
        expect(found.map((c) => c.key)).toEqual(['python.not-null-column#creation-now']);
        expect(found[0]!.source).toBe(created);
      }
    });
  });

  describe('#assigned-attribute: the row is given an attribute its model has no column for', () => {
    const deliveries =
      'class Delivery(Base):\n    __tablename__ = "deliveries"\n\n' +
      '    id: Mapped[int] = mapped_column(primary_key=True)\n    gross_kg: Mapped[int]\n' +
      '    net_kg: Mapped[int] = mapped_column(nullable=False)\n';
    const create = (assignment: string) =>
      'def create_delivery(db, payload):\n    net = payload.gross_kg - payload.tare_kg\n' +
      `    delivery = Delivery(**payload.model_dump())\n${assignment}    db.add(delivery)\n    db.commit()\n`;
    async function run(models: string, source: string) {
      const context = templateContext(
        { 'app/models.py': models, 'app/service.py': source },
        {
          cause: trace(['app/service.py', 6]),
          culprit: { file: 'app/service.py', line: 6 },
          exception: {
            type: 'sqlalchemy.exc.IntegrityError',
            message: '(sqlite3.IntegrityError) NOT NULL constraint failed: deliveries.net_kg',
          },
        },
      );
      return allCandidates(pythonNotNullColumn, context, 'app/service.py');
    }

    it('sets the column the stray attribute shares a word with', async () => {
      const source = create('    delivery.net_weight = net\n');
      const [only, ...rest] = await run(deliveries, source);
      expect(rest).toEqual([]);
      expect(only?.key).toBe('python.not-null-column#assigned-attribute');
      expect(only?.source).toBe(source.replace('delivery.net_weight = net', 'delivery.net_kg = net'));
    });

    it('sets the column whose name the stray attribute is with one word more (net_kg_value for net_kg)', async () => {
      const source = create('    delivery.net_kg_value = net\n');
      const [only] = await run(deliveries, source);
      expect(only?.key).toBe('python.not-null-column#assigned-attribute');
      expect(only?.source).toBe(source.replace('delivery.net_kg_value = net', 'delivery.net_kg = net'));
    });

    it('leaves an attribute the class defines (a property), and one sharing no word, alone', async () => {
      const property = `${deliveries}\n    @property\n    def net_weight(self):\n        return self.net_kg\n`;
      const keys = async (models: string, assignment: string) =>
        (await run(models, create(assignment))).map((c) => c.key);
      expect(await keys(property, '    delivery.net_weight = net\n')).not.toContain(
        'python.not-null-column#assigned-attribute',
      );
      expect(await keys(deliveries, '    delivery.weight_total = net\n')).not.toContain(
        'python.not-null-column#assigned-attribute',
      );
      // One word apart, but another quantity: a count is no weight.
      expect(await keys(deliveries, '    delivery.net_items = net\n')).not.toContain(
        'python.not-null-column#assigned-attribute',
      );
    });
  });
});
