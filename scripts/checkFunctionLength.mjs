#!/usr/bin/env node
// Keeps every non-test function readable in one screen: lists each function, method, accessor,
// constructor or arrow whose body runs past MAX_LINES, and exits 1 when there is any.
//
// What is counted: production code and the tools we maintain — daemon/, cli/, client/,
// extension/, webview-ui/, scripts/, bench/ (the harness people read to trust our figures) and
// esbuild.mjs. Not counted: test/, *.test.ts, dist/, node_modules/, bench/results/, images/
// (container build context, not our code) and declaration files.
// A function's length is the lines from its body's opening to its closing line, both included
// (an arrow with an expression body: the expression). A function nested in a longer one counts
// towards the outer one as well, as a reader of the outer one has to read it.
//
// Usage: node scripts/checkFunctionLength.mjs [--max N] [--all] [--root DIR]
//   --all: list every function; --root: check another tree laid out like this one (tests).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_LINES = 80;
const ROOTS = ['daemon', 'cli', 'client', 'extension', 'webview-ui', 'scripts', 'bench', 'esbuild.mjs'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', 'results', 'test']);

/** The source files of this repository that count as production code (relative paths, sorted). */
export function productionFiles(repoRoot) {
  const found = [];
  const walk = (rel) => {
    const abs = path.join(repoRoot, rel);
    if (!fs.existsSync(abs)) return; // client/ may not exist yet
    if (fs.statSync(abs).isFile()) {
      if (SOURCE.test(rel) && !rel.endsWith('.d.ts') && !/\.test\.[cm]?[jt]sx?$/.test(rel)) found.push(rel);
      return;
    }
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
      walk(path.join(rel, entry.name));
    }
  };
  for (const root of ROOTS) walk(root);
  return found.sort();
}

/** A readable name for a function node: its own name, the variable or property it is assigned to, or the call it is passed to. */
function nameOf(node, sf) {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) {
    const owner = node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return owner + node.name.text;
  }
  if (ts.isConstructorDeclaration(node)) return `${node.parent.name?.text ?? 'class'}.constructor`;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(sf);
  }
  if (ts.isCallExpression(parent)) {
    const first = parent.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? `'${first.text}'` : '';
    return `<arrow in ${parent.expression.getText(sf).slice(0, 40)}(${label})>`;
  }
  return '<anonymous>';
}

/** Every function-like node of one file with its body's length in lines. */
export function measureFunctions(fileName, text) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = sf.getLineAndCharacterOfPosition(node.body.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.body.getEnd()).line;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      out.push({ name: nameOf(node, sf), line, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function main(argv) {
  const valueOf = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const max = Number(valueOf('--max') ?? MAX_LINES);
  if (!Number.isInteger(max) || max < 1) throw new Error(`--max wants a whole number of lines, not ${valueOf('--max')}`);
  const all = argv.includes('--all');
  const repoRoot = path.resolve(valueOf('--root') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const files = productionFiles(repoRoot);
  let functions = 0;
  const offenders = [];
  for (const file of files) {
    for (const fn of measureFunctions(file, fs.readFileSync(path.join(repoRoot, file), 'utf8'))) {
      functions++;
      if (all || fn.lines > max) offenders.push({ file, ...fn });
    }
  }
  offenders.sort((a, b) => b.lines - a.lines);
  for (const o of offenders) console.log(`${o.file}:${o.line}  ${o.name}  ${o.lines} lines`);
  const over = offenders.filter((o) => o.lines > max).length;
  console.log(`${functions} functions in ${files.length} files; ${over} longer than ${max} lines`);
  return over > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
