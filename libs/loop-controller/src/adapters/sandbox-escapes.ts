import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const LINKED_ENVS = ['.venv', 'venv'];

/**
 * Ways the app started from a sandbox could still run the user's code instead of the sandbox's:
 * an editable install in a linked virtualenv (`pip install -e .`: a `.pth` or `__editable__`
 * finder naming the user's tree), and `npm link`ed packages in a linked `node_modules` whose
 * target lies in the user's tree. Returns one readable line per escape (empty: none found).
 */
export async function findSandboxEscapes(userRoot: string): Promise<string[]> {
  const root = await realpath(userRoot).catch(() => userRoot);
  const found: string[] = [];
  for (const env of LINKED_ENVS) {
    for (const site of await sitePackages(join(userRoot, env))) {
      for (const name of await list(site)) {
        if (!/\.pth$|^__editable__.*\.py$|\.egg-link$/.test(name)) continue;
        const text = await readFile(join(site, name), 'utf8').catch(() => '');
        if (text.includes(root) || text.includes(userRoot))
          found.push(
            `${env}/…/${name}: an editable install of the app (pip install -e) loads its code from ${userRoot}`,
          );
      }
    }
  }
  for (const entry of await linkedPackages(join(userRoot, 'node_modules'))) {
    const target = await realpath(entry).catch(() => null);
    if (target && isInside(target, root) && !isInside(target, join(root, 'node_modules'))) {
      found.push(
        `node_modules/${relative(join(userRoot, 'node_modules'), entry)}: a linked package (npm link, workspaces) ` +
          `loads its code from ${target}`,
      );
    }
  }
  return found;
}

async function sitePackages(env: string): Promise<string[]> {
  const libs = await list(join(env, 'lib'));
  return libs.filter((name) => name.startsWith('python')).map((name) => join(env, 'lib', name, 'site-packages'));
}

async function linkedPackages(modules: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(modules, { withFileTypes: true }).catch(() => [])) {
    const path = join(modules, entry.name);
    if (entry.isSymbolicLink()) out.push(path);
    else if (entry.isDirectory() && entry.name.startsWith('@')) {
      for (const scoped of await readdir(path, { withFileTypes: true }).catch(() => []))
        if (scoped.isSymbolicLink()) out.push(join(path, scoped.name));
    }
  }
  return out;
}

async function list(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root + sep);
}
