// An ESLint rule that enforces the dependency rule of docs/architecture.md from a table: which
// folders each folder may import, and which packages. It resolves every relative import against
// the importing file and judges the folder the import lands in, so `../sessions/x.js` from
// daemon/http/ and `../../sessions/x.js` from daemon/agents/demo/ are the same edge. (The
// built-in `no-restricted-imports` matches the specifier's text, which misses nested folders.)
//
// Options: { root, folders, packageOwners, sharedFiles } — see eslint.config.mjs, which owns the table.
import path from 'node:path';
import { isBuiltin } from 'node:module';

/** The folder a repository-relative path belongs to: `daemon/<x>` inside the daemon, else its top folder. */
export function folderOf(rel) {
  const parts = rel.split('/');
  if (parts[0] !== 'daemon') return parts[0];
  // A file right under daemon/ (main.ts) is a folder of its own: the composition root.
  return parts.length === 2 ? `daemon/${stripExtension(parts[1])}` : `daemon/${parts[1]}`;
}

function stripExtension(file) {
  return file.replace(/\.(d\.ts|ts|tsx|mts|cts|js|mjs|cjs)$/, '');
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; builtins keep their `node:` form. */
export function packageOf(specifier) {
  if (isBuiltin(specifier)) return specifier.startsWith('node:') ? specifier : `node:${specifier}`;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const matches = (pattern, pkg) => (pattern.endsWith('*') ? pkg.startsWith(pattern.slice(0, -1)) : pkg === pattern);

/** Why `from` may not import `pkg`, or null. */
function packageRefusal(opts, from, pkg) {
  const owner = opts.packageOwners[pkg];
  if (owner !== undefined && owner !== from) return `only ${owner}/ may import ${pkg}`;
  const rule = opts.folders[from].packages ?? {};
  if (rule.only && !rule.only.some((p) => matches(p, pkg))) return `${from}/ imports only ${rule.only.join(', ')}; not ${pkg}`;
  if (rule.deny?.some((p) => matches(p, pkg))) return `${from}/ may not import ${pkg}${rule.why ? ` (${rule.why})` : ''}`;
  return null;
}

/** Why `from` may not import the repository file `targetRel`, or null. */
function folderRefusal(opts, from, targetRel) {
  if (targetRel.startsWith('../')) return null; // outside the repository: a package path, not ours to judge
  const to = folderOf(targetRel);
  if (to === from) return null;
  const rule = opts.folders[from];
  if (rule.imports.includes(to)) return null;
  if (rule.sharedFiles?.includes(stripExtension(targetRel))) return null;
  return `${from}/ may not import ${to}/ (the dependency rule, docs/architecture.md)${rule.hint ? `: ${rule.hint}` : ''}`;
}

/** The module specifier of an import-like node, when it is a literal. */
function specifierOf(node) {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
    case 'ImportExpression':
      return node.source?.type === 'Literal' ? node.source.value : null;
    case 'TSImportEqualsDeclaration':
      return node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression.value : null;
    case 'TSImportType':
      return node.argument?.type === 'TSLiteralType' ? node.argument.literal.value : null;
    case 'CallExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal' ? node.arguments[0].value : null;
    default:
      return null;
  }
}

export const dependencyRule = {
  meta: {
    type: 'problem',
    docs: { description: 'each folder imports only what the dependency rule of docs/architecture.md allows' },
    schema: false,
    messages: { refused: '{{why}}', unknownFolder: '{{folder}}/ is not in the dependency table of eslint.config.mjs: add it with the folders it may import' },
  },
  create(context) {
    const opts = context.options[0];
    const fileRel = path.relative(opts.root, context.filename).split(path.sep).join('/');
    const from = folderOf(fileRel);
    if (!opts.folders[from]) {
      return { Program: (node) => context.report({ node, messageId: 'unknownFolder', data: { folder: from } }) };
    }
    const check = (node) => {
      const spec = specifierOf(node);
      if (typeof spec !== 'string') return;
      const why = spec.startsWith('.')
        ? folderRefusal(opts, from, path.posix.normalize(path.posix.join(path.posix.dirname(fileRel), spec)))
        : packageRefusal(opts, from, packageOf(spec));
      if (why) context.report({ node, messageId: 'refused', data: { why } });
    };
    return {
      ImportDeclaration: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
      ImportExpression: check,
      TSImportEqualsDeclaration: check,
      TSImportType: check,
      CallExpression: check,
    };
  },
};
