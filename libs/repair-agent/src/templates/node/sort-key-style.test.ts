import { describe, expect, it } from 'vitest';
import { nodeSortKeyStyle } from './sort-key-style.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const reading = (prop: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, [frame]);

const types =
  'export interface BookRecord {\n  id: number;\n  shelfCode: string;\n  title: string;\n  publishedOn: string;\n}\n';
const repository =
  "import type { BookRecord } from '../types.js';\n\nexport interface FindBooksOptions {\n" +
  '  offset: number;\n  orderBy?: string;\n}\n\nexport class BookRepository {\n' +
  '  constructor(private readonly rows: BookRecord[] = []) {}\n\n' +
  '  async findMany(options: FindBooksOptions): Promise<BookRecord[]> {\n' +
  "    const orderBy = (options.orderBy ?? 'title') as keyof BookRecord;\n" +
  '    const rows = [...this.rows];\n' +
  '    rows.sort((a, b) => (a[orderBy] as string).localeCompare(b[orderBy] as string));\n' +
  '    return rows.slice(options.offset);\n  }\n}\n';
const service = (literal: string) =>
  "import { BookRepository } from '../repositories/book.repository.js';\n\nexport class BookService {\n" +
  '  constructor(private readonly books = new BookRepository()) {}\n\n' +
  '  list(page: number) {\n' +
  `    return this.books.findMany({ offset: page * 10, orderBy: "${literal}" });\n  }\n}\n`;

const runTs = (literal: string) =>
  allCandidates(
    nodeSortKeyStyle,
    templateContext(
      {
        'src/types.ts': types,
        'src/repositories/book.repository.ts': repository,
        'src/services/book.service.ts': service(literal),
      },
      {
        kind: 'runtime_error',
        endpoint: 'GET /books',
        log: reading('localeCompare', '/app/src/repositories/book.repository.ts:14:56'),
      },
    ).context,
    ['src/services/book.service.ts', 'src/repositories/book.repository.ts'],
  );

describe('node.sort-key-style', () => {
  it('spells the option passed down to the comparator as the records have it (TypeScript, option object)', async () => {
    const found = await runTs('shelf_code');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.sort-key-style']);
    expect(found[0]!.files['src/services/book.service.ts']).toBe(service('shelfCode'));
    expect(found[0]!.files['src/repositories/book.repository.ts']).toBe(repository);
  });

  it('follows a key parameter to its callers, the records known from JSON data (CommonJS)', async () => {
    const sorting =
      'function sortRows(rows, field) {\n  const key = field;\n' +
      '  return rows.slice().sort((a, b) => a[key].localeCompare(b[key]));\n}\nmodule.exports = { sortRows };\n';
    const tasks =
      "const { sortRows } = require('./sorting');\nconst data = require('./data/tasks.json');\n\n" +
      "function byDue() {\n  return sortRows(data.tasks, 'dueDate');\n}\nmodule.exports = { byDue };\n";
    const json = '{ "tasks": [{ "id": 1, "due_date": "2024-01-01" }] }\n';
    const { context } = templateContext(
      { 'src/sorting.js': sorting, 'src/tasks.js': tasks, 'src/data/tasks.json': json },
      {
        kind: 'runtime_error',
        endpoint: 'GET /tasks',
        log: reading('localeCompare', '/app/src/sorting.js:3:49'),
      },
    );
    const found = await allCandidates(nodeSortKeyStyle, context, ['src/tasks.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.sort-key-style']);
    expect(found[0]!.files['src/tasks.js']).toBe(tasks.replace("'dueDate'", "'due_date'"));
  });

  it('leaves a literal that is a known key, and a key that comes from the request', async () => {
    expect(await runTs('publishedOn')).toEqual([]);
    const handler =
      'function list(req, res) {\n  const key = req.query.sort;\n' +
      '  res.json(rows.sort((a, b) => a[key].localeCompare(b[key])));\n}\n' +
      "const rows = [{ id: 1, shelfCode: 'A' }];\nmodule.exports = { list, shelf_label: 1 };\n";
    const { context } = templateContext(
      { 'src/list.js': handler },
      { kind: 'runtime_error', endpoint: 'GET /books', log: reading('localeCompare', '/app/src/list.js:3:40') },
    );
    expect(await allCandidates(nodeSortKeyStyle, context, ['src/list.js'])).toEqual([]);
  });
});
