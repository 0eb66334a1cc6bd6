import { describe, expect, it } from 'vitest';
import { absoluteImportModule, importAliases, importSpecifier, moduleNameOf } from './module-names.js';
import { fromImport, parsedModule } from './test-support/fake-python.js';

describe('module names', () => {
  it('names modules from the app root, one level down in a src/ layout', () => {
    expect(moduleNameOf('app/routers/carts.py')).toBe('app.routers.carts');
    expect(moduleNameOf('src/pkg/api/__init__.py')).toBe('pkg.api');
  });

  it('resolves relative imports from a module and from a package __init__', () => {
    expect(absoluteImportModule('src/pkg/api/endpoints/a.py', { level: 3, module: 'core.clock' })).toBe(
      'pkg.core.clock',
    );
    expect(absoluteImportModule('src/pkg/api/a.py', { level: 1, module: null })).toBe('pkg.api');
    expect(absoluteImportModule('pkg/api/__init__.py', { level: 1, module: 'routing' })).toBe('pkg.api.routing');
    expect(absoluteImportModule('x.py', { level: 0, module: 'fastapi' })).toBe('fastapi');
  });

  it('maps imported names to what they stand for', () => {
    const module = parsedModule('src/pkg/api/routing.py', {
      imports: [fromImport(1, 'endpoints', ['orders'], 1), fromImport(2, 'fastapi', ['APIRouter'])],
    });
    expect(importAliases('src/pkg/api/routing.py', module)).toEqual(
      new Map([
        ['orders', 'pkg.api.endpoints.orders'],
        ['APIRouter', 'fastapi.APIRouter'],
      ]),
    );
  });

  it('spells an import relatively only in files that already import relatively', () => {
    const relative = parsedModule('src/pkg/api/endpoints/a.py', { imports: [fromImport(1, 'contracts', ['X'], 2)] });
    expect(importSpecifier('src/pkg/api/endpoints/a.py', relative, 'pkg.core.clock')).toBe('...core.clock');
    expect(importSpecifier('src/pkg/api/endpoints/a.py', relative, 'pkg.api.endpoints')).toBe('.');
    expect(importSpecifier('src/pkg/api/endpoints/a.py', relative, 'other.mod')).toBe('other.mod');
    const absolute = parsedModule('app/routers/a.py', { imports: [fromImport(1, 'app.models', ['X'])] });
    expect(importSpecifier('app/routers/a.py', absolute, 'app.services.clock')).toBe('app.services.clock');
  });
});
