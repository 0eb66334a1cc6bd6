import nx from '@nx/eslint-plugin';

// Dependency direction (docs/ARCHITECTURE.md): cli → loop-controller → repair-agent →
// {smoke-validator, pattern-store} → log-parser. A lib may use any lib below it, never above
// or beside it, and no lib may use an app.
const depConstraints = [
  { sourceTag: 'scope:log-parser', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:smoke-validator', onlyDependOnLibsWithTags: ['scope:log-parser'] },
  { sourceTag: 'scope:pattern-store', onlyDependOnLibsWithTags: ['scope:log-parser'] },
  {
    sourceTag: 'scope:repair-agent',
    onlyDependOnLibsWithTags: ['scope:smoke-validator', 'scope:pattern-store', 'scope:log-parser'],
  },
  {
    sourceTag: 'scope:loop-controller',
    onlyDependOnLibsWithTags: [
      'scope:repair-agent',
      'scope:smoke-validator',
      'scope:pattern-store',
      'scope:log-parser',
    ],
  },
  {
    sourceTag: 'scope:cli',
    onlyDependOnLibsWithTags: [
      'scope:loop-controller',
      'scope:repair-agent',
      'scope:smoke-validator',
      'scope:pattern-store',
      'scope:log-parser',
    ],
  },
  { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app', 'type:fixture'] },
  { sourceTag: 'type:fixture', onlyDependOnLibsWithTags: [] },
  // Integration-test projects (tests/*) exercise the libs against real services.
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib'] },
];

// Only adapters talk to the outside world through these packages; everything else uses ports.
const adapterOnlyPackages = ['dockerode', 'neo4j-driver', 'execa'];
// The same for the file system and child processes (with and without the `node:` prefix).
const adapterOnlyNodeModules = ['fs', 'fs/promises', 'child_process'].flatMap((name) => [`node:${name}`, name]);

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/*.timestamp*', '**/.venv', '**/fixtures'] },
  {
    files: ['**/*.ts'],
    // Parsers index regex groups and arrays whose shape the pattern guarantees; `!` says so.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    ignores: ['**/eslint.config.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: [], depConstraints }],
    },
  },
  {
    // Each project lints with its own config (which spreads this one) from its own folder, where
    // `libs/*/…` would match nothing: the patterns are anchored at the repository root instead.
    basePath: import.meta.dirname,
    files: ['libs/*/src/**/*.ts'],
    ignores: ['libs/*/src/**/adapters/**', 'libs/*/src/**/*.test.ts', 'libs/*/src/**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...adapterOnlyPackages, ...adapterOnlyNodeModules].map((name) => ({
            name,
            message: `${name} may only be imported inside an adapters/ folder (ports and adapters, DESIGN §2).`,
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message: 'fetch may only be used inside an adapters/ folder; the core talks to the HttpClient port.',
        },
      ],
    },
  },
];
