import { describe, expect, it } from 'vitest';
import { parseProgram } from './js-ast.js';
import { summariseModule } from './summarise-module.js';

const controller = [
  "import type { Request, Response } from 'express';",
  "import { Router } from 'express';",
  "import { UsersService } from './users.service.js';",
  'interface UserDto { id: number; name?: string }',
  'type Id = number;',
  'export enum Role { Admin, User }',
  '',
  '@Controller("users")',
  'export class UsersController {',
  '  private readonly cache = new Map<Id, UserDto>();',
  '  constructor(private readonly users: UsersService, @Inject(LOG) log: Logger) {}',
  '  find(id: number): Promise<UserDto>;',
  '  find(id: number | string): Promise<UserDto> { return this.users.byId(Number(id)); }',
  '  @Get(":id")',
  '  async show(req: Request<{ id: string }>, res: Response): Promise<void> {',
  '    const user = (await this.users.byId(req.params.id as unknown as number))!;',
  '    res.status(200).json(user satisfies UserDto);',
  '  }',
  '}',
  '',
  'export const router: Router = Router();',
  'router.get("/users/:id", async (req, res) => { res.json(await (service as any).load<UserDto>(req.params.id)); });',
  '',
].join('\n');

describe('parseProgram on TypeScript', () => {
  it('gives acorn-shaped offsets: every node spans its own text', () => {
    const program = parseProgram('src/users.controller.ts', controller) as unknown as {
      body: { type: string; start: number; end: number }[];
    };
    expect(program.body.map((s) => s.type)).toEqual([
      'ImportDeclaration',
      'ImportDeclaration',
      'ExportNamedDeclaration',
      'ExportNamedDeclaration',
      'ExpressionStatement',
    ]);
    const cls = program.body[2]!;
    expect(controller.slice(cls.start, cls.end)).toMatch(/^export class UsersController \{[\s\S]*\n\}$/);
  });

  it('keeps decorators on the class and its methods', () => {
    const program = parseProgram('a.ts', controller) as unknown as {
      body: {
        declaration?: {
          decorators: { expression: { start: number; end: number } }[];
          body: { body: { decorators?: unknown[] }[] };
        };
      }[];
    };
    const cls = program.body[2]!.declaration!;
    expect(cls.decorators.map((d) => controller.slice(d.expression.start, d.expression.end))).toEqual([
      'Controller("users")',
    ]);
    expect(cls.body.body.filter((m) => (m.decorators?.length ?? 0) > 0)).toHaveLength(1);
  });

  it('throws a SyntaxError with the line, like acorn', () => {
    let error: unknown;
    try {
      parseProgram('src/x.ts', 'const a: number = ;\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as { loc: { line: number } }).loc.line).toBe(1);
  });

  it('parses JSX in .tsx only', () => {
    expect(() =>
      parseProgram('src/view.tsx', 'export const View = (p: { a: string }) => <div>{p.a}</div>;\n'),
    ).not.toThrow();
    expect(() =>
      parseProgram('src/view.ts', 'export const View = (p: { a: string }) => <div>{p.a}</div>;\n'),
    ).toThrow();
  });
});

describe('summariseModule on TypeScript', () => {
  const module = summariseModule('src/users.controller.ts', controller);

  it('reads imports (type-only ones left out), exports and definitions', () => {
    expect(module.style).toBe('esm');
    expect(module.imports.map((i) => i.source)).toEqual(['express', './users.service.js']);
    expect(module.exports.map((e) => e.name)).toEqual(['UsersController', 'router']);
    expect(module.defs.find((d) => d.name === 'router')?.calls).toBe('Router');
  });

  it('counts constructor parameter properties and fields as class members, overload signatures not twice', () => {
    const cls = module.classes.find((c) => c.name === 'UsersController')!;
    expect([...cls.members].sort()).toEqual(['cache', 'find', 'show', 'users']);
    expect(cls.asyncMethods).toEqual(['show']);
    expect(module.functions.filter((f) => f.name === 'find')).toHaveLength(1);
  });

  it('sees calls through type wrappers (as, !, satisfies, type arguments) as awaited calls', () => {
    const show = module.functions.find((f) => f.name === 'show')!;
    const byId = show.calls.find((c) => c.name === 'byId')!;
    expect(byId).toMatchObject({ object: 'this.users', awaited: true, line: 16 });
    expect(controller.slice(byId.start, byId.end)).toBe('this.users.byId(req.params.id as unknown as number)');
    const handler = module.functions.find((f) => f.line === 22 && f.name === '')!;
    expect(handler.calls.find((c) => c.name === 'load')).toMatchObject({ object: 'service', awaited: true });
  });

  it('indexes route registrations', () => {
    expect(module.routes).toMatchObject([{ target: 'router', method: 'get', path: '/users/:id', line: 22 }]);
  });

  it('reads `import x = require()` as a require binding and .cts as CommonJS', () => {
    const cjs = summariseModule(
      'src/a.cts',
      "import express = require('express');\nconst app = express();\nexport = app;\n",
    );
    expect(cjs.style).toBe('cjs');
    expect(cjs.imports).toMatchObject([
      { kind: 'require', source: 'express', names: [{ imported: '*', local: 'express' }] },
    ]);
  });
});
