#!/usr/bin/env node
// Packs every published package (`npm pack`, as npm publish would) and installs the tarballs into a
// scratch project OUTSIDE the workspace (its own TMPDIR folder, removed at the end), then runs the
// installed CLI and imports each library there: what a user gets from `npm i -D @smoke-repair/cli`.
// Needs the packages built (`nx run-many -t build`). Exit 0 when everything ran, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = [
  'libs/log-parser',
  'libs/smoke-validator',
  'libs/pattern-store',
  'libs/repair-agent',
  'libs/loop-controller',
  'apps/cli',
];
const scratch = mkdtempSync(join(tmpdir(), 'smoke-repair-pack-check-'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
let failed = false;
const check = (what, fn) => {
  try {
    const detail = fn();
    console.log(`ok    ${what}${detail ? `: ${detail}` : ''}`);
  } catch (error) {
    failed = true;
    console.log(
      `FAIL  ${what}: ${(error.stderr || error.message || String(error)).trim().split('\n').slice(-5).join(' | ')}`,
    );
  }
};
try {
  const tarballs = packages.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch], join(root, dir)))[0];
    check(`${manifest.name}: LICENSE, README, no tests in the tarball`, () => {
      const files = out.files.map((f) => f.path);
      if (!files.includes('LICENSE') || !files.includes('README.md'))
        throw new Error(`missing LICENSE or README.md (${files.length} files)`);
      const tests = files.filter((f) => /\.test\.ts$|test-support\//.test(f));
      if (tests.length > 0) throw new Error(`tests shipped: ${tests.slice(0, 3).join(', ')}`);
      return `${files.length} files, ${(out.size / 1024).toFixed(0)} kB`;
    });
    check(`${manifest.name}: repository (with its directory), homepage and bugs in the packed package.json`, () => {
      // Read from the tarball: what the registry shows on the package's page is what was packed.
      const packed = JSON.parse(run('tar', ['-xzOf', join(scratch, out.filename), 'package/package.json'], root));
      const missing = packageMetadataProblems(packed, dir);
      if (missing.length > 0) throw new Error(missing.join('; '));
      return `${packed.repository.url} (${packed.repository.directory})`;
    });
    return join(scratch, out.filename);
  });
  const project = join(scratch, 'project');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  check('npm install of the tarballs in a scratch project', () => {
    run('npm', ['install', '--prefer-offline', '--no-package-lock', ...tarballs], project);
    return existsSync(join(project, 'node_modules', 'dockerode'))
      ? 'dockerode installed (should be an optional peer)'
      : 'without dockerode (optional peer)';
  });
  const bin = join(project, 'node_modules', '.bin', 'smoke-repair');
  check('smoke-repair --version', () => run(bin, ['--version'], project).trim());
  check('smoke-repair parse-logs (a sample log)', () => {
    const traces = JSON.parse(
      run(
        bin,
        ['parse-logs', join(project, 'node_modules', '@smoke-repair', 'cli', 'samples', 'server.log'), '--json'],
        project,
      ),
    );
    if (traces.length === 0) throw new Error('no traces');
    return `${traces.length} traces`;
  });
  check('smoke-repair config --json-schema equals the shipped config.schema.json', () => {
    const shipped = readFileSync(join(project, 'node_modules', '@smoke-repair', 'cli', 'config.schema.json'), 'utf8');
    if (
      JSON.stringify(JSON.parse(run(bin, ['config', '--json-schema'], project))) !== JSON.stringify(JSON.parse(shipped))
    )
      throw new Error('differs');
  });
  check('smoke-repair --conig: exit 2 with one line', () => {
    try {
      run(bin, ['smoke', '--conig', 'x'], project);
    } catch (error) {
      if (error.status === 2 && error.stderr.trim().split('\n').length === 1) return error.stderr.trim();
      throw error;
    }
    throw new Error('exit 0');
  });
  check('the Docker runner without dockerode installed: exit 2 naming the install', () => {
    writeFileSync(
      join(project, 'smoke-repair.config.json'),
      JSON.stringify({
        app: { runner: { kind: 'docker', port: 8000, image: 'scratch-app:latest' } },
        smoke: { openapi: '/openapi.json' },
      }),
    );
    try {
      run(bin, ['smoke'], project);
    } catch (error) {
      if (error.status === 2 && /npm i -D dockerode/.test(error.stderr)) return error.stderr.trim();
      throw error;
    }
    throw new Error('exit 0');
  });
  for (const dir of packages.filter((d) => d.startsWith('libs/'))) {
    const name = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name;
    check(`import('${name}') and its source map sources exist`, () => {
      const exports = run(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import('${name}'); console.log(Object.keys(m).length)`],
        project,
      ).trim();
      const dist = join(project, 'node_modules', ...name.split('/'), 'dist');
      const map = JSON.parse(readFileSync(join(dist, 'index.js.map'), 'utf8'));
      const missing = map.sources.filter((s) => !existsSync(join(dist, s)));
      if (missing.length > 0) throw new Error(`source map names missing ${missing.join(', ')}`);
      return `${exports} exports`;
    });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(failed ? 'pack-check: FAILED' : 'pack-check: every package packs, installs and runs');
process.exit(failed ? 1 : 0);

// What npm shows as the package's links: the repository (a git URL and the package's folder in
// it), the homepage and where to report bugs. An empty list when all are there.
function packageMetadataProblems(manifest, dir) {
  const problems = [];
  const repository = manifest.repository;
  if (
    typeof repository?.url !== 'string' ||
    !/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/.test(repository.url)
  )
    problems.push('no repository.url (git+https://github.com/OWNER/REPO.git)');
  if (repository?.directory !== dir)
    problems.push(`repository.directory is ${JSON.stringify(repository?.directory)}, not ${dir}`);
  if (typeof manifest.homepage !== 'string' || !manifest.homepage.startsWith('https://')) problems.push('no homepage');
  if (typeof manifest.bugs?.url !== 'string' || !manifest.bugs.url.startsWith('https://')) problems.push('no bugs.url');
  return problems;
}
