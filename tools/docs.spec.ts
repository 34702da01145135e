/**
 * Every Markdown file that a comment or a Markdown file cites is in the repository. Design notes that lived outside
 * it were cited from dozens of comments; a reader could follow none of them. The design is in docs/ now
 * (docs/ARCHITECTURE.md, "Testing"), and this keeps every citation pointing at a file that is there.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');
/** Installed, generated or local-only trees: not the repository's own text. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', 'tmp']);
const CODE = new Set(['.ts', '.tsx', '.js', '.mjs', '.cjs']);
/** Small text files whose comments are `#` or `--` lines: read whole, a citation anywhere in them counts. */
const TEXT = new Set(['.yml', '.yaml', '.sql', '.properties', '.xml', '.sh']);

/** The repository's files, relative to its root (dot-directories, symlinks and installed trees left out). */
function repositoryFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name.startsWith('.') || entry.isSymbolicLink()) return [];
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : repositoryFiles(path);
    return entry.isFile() ? [relative(ROOT, path).split(sep).join('/')] : [];
  });
}

/** The comments of a TypeScript or JavaScript source, found by the compiler's own parser (not inside strings). */
export function commentsOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const seen = new Set<number>();
  const comments: string[] = [];
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      comments.push(text.slice(range.pos, range.end));
    }
  };
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    // Children include tokens (a closing brace, a comma), so comments in any trivia are reached.
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return comments;
}

/**
 * Paths ending in `.md` that a text cites: `docs/DOMAIN.md`, `../README.md`, a Markdown link's target. Web
 * addresses are not citations of this repository; a pattern (`*.md`) or a placeholder (`<service>/README.md`) names no
 * one file.
 */
export function citedMarkdownPaths(text: string): string[] {
  const withoutUrls = text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s)>\]"'`]+/gi, ' ');
  const citation = /(?<![\w./<>*-])((?:\.{1,2}\/)*(?:[\w@-][\w.@-]*\/)*[\w.-]*[A-Za-z0-9_-]\.md)(?![\w-])/g;
  return [...withoutUrls.matchAll(citation)].map((m) => m[1]);
}

/** A Markdown link cites its target; the text shown for it is a label, not a path (it may read like a file name). */
export const withoutLinkTexts = (markdown: string): string => markdown.replace(/\[([^\]\n]*)\]\(/g, '[](');

/** A citation resolves against the citing file's folder or the repository's root. */
export function resolves(citingFile: string, cited: string, exists: (path: string) => boolean): boolean {
  return [join(ROOT, dirname(citingFile), cited), join(ROOT, cited)].some(exists);
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/** What a file cites: the whole text of Markdown and small config files, the comments of code. */
function citationsIn(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (!text.includes('.md')) return [];
  const ext = extname(file);
  if (ext === '.md') return citedMarkdownPaths(withoutLinkTexts(text));
  if (TEXT.has(ext) || basename(file) === 'Dockerfile') return citedMarkdownPaths(text);
  if (CODE.has(ext)) return commentsOf(file, text).flatMap(citedMarkdownPaths);
  return [];
}

describe('citations of Markdown files', () => {
  it('finds citations in prose, paths and links, but not web addresses, patterns or placeholders', () => {
    const text = [
      'the rule (DOMAIN.md section 2); see docs/ARCHITECTURE.md, "Inbox", and [domain](../docs/DOMAIN.md#2-asam-criteria).',
      'upstream: https://github.com/event-driven-io/emmett/blob/main/README.md and <https://example.org/x.md>.',
      'any *.md file; each <service>/README.md; the v1 file `referral.contracts.v1.ts`.',
    ].join('\n');
    expect(citedMarkdownPaths(text)).toEqual(['DOMAIN.md', 'docs/ARCHITECTURE.md', '../docs/DOMAIN.md']);
    expect(citedMarkdownPaths(withoutLinkTexts('See [ARCHITECTURE.md](docs/ARCHITECTURE.md#inbox).'))).toEqual(['docs/ARCHITECTURE.md']);
  });

  it('reads comments only, wherever they sit, and never the strings of code', () => {
    const code = [
      "/** Placement (docs/DOMAIN.md section 2). */",
      "const a = 'NOT-A-COMMENT.md'; // trailing: NOTES.md",
      'const b = `// in a template: TEMPLATE.md`;',
      'function f() {',
      '  return 1;',
      '  /* before the closing brace: LAST.md */',
      '}',
    ].join('\n');
    expect(commentsOf('sample.ts', code).flatMap(citedMarkdownPaths).sort()).toEqual(['LAST.md', 'NOTES.md', 'docs/DOMAIN.md']);
  });

  it('resolves a citation against the citing folder or the root, and no further', () => {
    const present = new Set([join(ROOT, 'docs', 'DOMAIN.md'), join(ROOT, 'apps', 'webhooks', 'README.md')]);
    const exists = (p: string) => present.has(p);
    expect(resolves('apps/webhooks/src/x.ts', 'docs/DOMAIN.md', exists)).toBe(true);
    expect(resolves('docs/ARCHITECTURE.md', 'DOMAIN.md', exists)).toBe(true);
    expect(resolves('docs/ARCHITECTURE.md', '../apps/webhooks/README.md', exists)).toBe(true);
    // A design note cited by its bare name from code is not in the repository's root: the citation is broken.
    expect(resolves('apps/admissions/src/x.ts', 'DOMAIN.md', exists)).toBe(false);
  });

  it('every comment and Markdown file in the repository cites only Markdown files that exist in it', () => {
    const files = repositoryFiles();
    expect(files).toContain('docs/ARCHITECTURE.md');
    expect(files).toContain('tools/docs.spec.ts');
    const broken = files.flatMap((file) =>
      citationsIn(file).filter((cited) => !resolves(file, cited, isFile)).map((cited) => `${file}: ${cited}`));
    expect(broken).toEqual([]);
  });
});
