import { parseProse, type ProseNode } from './math-text.js';

/**
 * Web addresses in abstracts and arXiv's comments field: where they are (so pages can link
 * them) and which one is the paper's code repository or project page (so the paper page and
 * the compatible API can offer them). Only http and https are ever found; an address ends
 * before whitespace, `<>"{}|\^` and backquotes (so `\url{…}` yields its address) and loses
 * trailing punctuation that belongs to the sentence (`.,;:!?'"`, a `)` or `]` it did not open).
 */
export interface FoundUrl {
  /** Where the address starts and ends in the text searched. */
  start: number;
  end: number;
  url: string;
}

// A scheme not glued to a word or another scheme before it (`xhttps://`, `javascript:https://`), then anything an address can hold.
const CANDIDATE = /(?<![\p{L}\p{N}_.+:/-])https?:\/\/[^\s<>"{}|\\^`\u00a0\u2000-\u200b\u2028\u2029\u3000]+/giu;
const TRAILING = /[.,;:!?'"\u2019\u201d*]$/;

/** Every http(s) address in plain text, in order. */
export function findUrls(text: string): FoundUrl[] {
  const out: FoundUrl[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const url = trimUrl(m[0]);
    if (isWebUrl(url)) out.push({ start: m.index, end: m.index + url.length, url });
  }
  return out;
}

/** Text split into plain runs and addresses, for renderers that link the addresses. */
export type TextPiece = { text: string; url?: undefined } | { text: string; url: string };

export function splitUrls(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const u of findUrls(text)) {
    if (u.start > at) pieces.push({ text: text.slice(at, u.start) });
    pieces.push({ text: u.url, url: u.url });
    at = u.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** Drops sentence punctuation from an address's end; a `)` or `]` stays when the address opened it. */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const last = url.at(-1);
    if (last && TRAILING.test(last)) url = url.slice(0, -1);
    else if ((last === ')' && count(url, '(') < count(url, ')')) || (last === ']' && count(url, '[') < count(url, ']'))) url = url.slice(0, -1);
    else return url;
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** An http(s) URL with a dotted host name (or an IP literal): what a reader can follow. */
function isWebUrl(s: string): boolean {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && /\.[a-z0-9-]*[a-z]|^\[|^\d+\.\d+\.\d+\.\d+$/i.test(u.hostname) && !u.hostname.endsWith('.');
}

export interface PaperLinks {
  /** `https://github.com/owner/repo`: the first GitHub repository the text names. */
  githubRepo: string | null;
  /** A project page: an address the text calls one ("project page: …", "website"), or a `*.github.io` site. */
  projectPage: string | null;
}

// github.com paths that are not a user or organisation.
const GITHUB_RESERVED = new Set(['orgs', 'organizations', 'users', 'topics', 'features', 'sponsors', 'marketplace', 'settings', 'about', 'pricing', 'collections', 'trending', 'explore', 'login', 'logout', 'join', 'signup', 'search', 'apps', 'enterprise', 'site', 'security', 'customer-stories', 'readme', 'notifications', 'new', 'codespaces', 'pulls', 'issues', 'account', 'dashboard', 'resources', 'solutions', 'team', 'contact', 'events', 'git-guides', 'stars', 'watching', 'home', 'premium-support', 'mobile', 'education', 'github-copilot', 'copilot', 'models', 'nonprofit', 'open-source', 'partners', 'why-github', 'downloads']);
// The name may be followed by punctuation a sentence or a LaTeX brace left (`Repo).`, `Repo}`), then a path (`/tree/main`, `/blob/...`).
const GITHUB_REPO = /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})[)\]}>.,;:!?'"\u2019\u201d]*(?:[/?#].*)?$/i;
// Words that, just before an address, say it is the project's page.
const PROJECT_WORDS = /(?:project|home|web|landing|demo)[\s-]?(?:page|site|website)|homepage|website|webpage|project\s*:|demo\s*:/i;
// Hosts that are never a project page: code hosts, arXiv, DOIs, papers.
const NOT_PROJECT = /(?:^|\.)(?:github\.com|gitlab\.com|bitbucket\.org|arxiv\.org|doi\.org|huggingface\.co|zenodo\.org|openreview\.net|youtube\.com|youtu\.be)$/i;
// How far back (characters) a label like "Project page:" may stand from its address.
const LABEL_REACH = 40;

/** `https://github.com/Org/Repo/tree/main` -> `https://github.com/Org/Repo`; null when not a repository. */
export function githubRepository(url: string): string | null {
  const m = GITHUB_REPO.exec(url.trim());
  if (!m) return null;
  const owner = m[1]!;
  // `Repo.git`, and what a sentence or a LaTeX brace left on the name (`Repo).`, `Repo}`; the URL finder trims most of it already).
  const repo = m[2]!.replace(/\.+$/, '').replace(/\.git$/i, '');
  if (GITHUB_RESERVED.has(owner.toLowerCase()) || repo === '' || repo === '.' || repo === '..') return null;
  return `https://github.com/${owner}/${repo}`;
}

/** A repository's key: `owner/name` lowercased (GitHub's names are case-insensitive). */
export function githubRepoKey(repoUrl: string): string {
  return repoUrl.replace(/^https:\/\/github\.com\//, '').toLowerCase();
}

/** Where a paper's repository was found: its abstract, arXiv's comments field, the imported record, a submitter. */
export type RepoSource = 'abstract' | 'comments' | 'import' | 'submitter';

export interface FoundRepo {
  /** `owner/name`, lowercased. */
  key: string;
  /** `https://github.com/Owner/Name` as first written. */
  url: string;
  source: RepoSource;
}

/**
 * Every GitHub repository a paper names, once each (by key, first source wins): the stored link
 * (`import`, or `submitter` when a submitter gave it), then the abstract's, then the comments'.
 */
export function paperRepositories(p: { abstract: string | null; comments?: string | null; githubUrl: string | null }, storedSource: 'import' | 'submitter' = 'import'): FoundRepo[] {
  const out = new Map<string, FoundRepo>();
  const add = (url: string | null, source: RepoSource) => {
    const repo = url ? githubRepository(url) : null;
    if (!repo) return;
    const key = githubRepoKey(repo);
    if (!out.has(key)) out.set(key, { key, url: repo, source });
  };
  add(p.githubUrl, storedSource);
  for (const url of githubRepositoriesIn(p.abstract)) add(url, 'abstract');
  for (const url of githubRepositoriesIn(p.comments ?? null)) add(url, 'comments');
  return [...out.values()];
}

/** The GitHub repositories a text (prose with LaTeX) names, in order, repeated ones included. */
export function githubRepositoriesIn(text: string | null): string[] {
  if (!text) return [];
  return findUrls(proseOnly(text)).flatMap((u) => githubRepository(u.url) ?? []);
}

/**
 * The code repository and project page an abstract and comments field point to. The texts are
 * read as prose with LaTeX: addresses inside formulas are ignored, `\url{…}` is read as its address.
 */
export function detectPaperLinks(...texts: Array<string | null | undefined>): PaperLinks {
  let githubRepo: string | null = null;
  let projectPage: string | null = null;
  for (const text of texts) {
    if (!text) continue;
    const prose = proseOnly(text);
    let previousEnd = 0;
    for (const u of findUrls(prose)) {
      const labelFrom = Math.max(previousEnd, u.start - LABEL_REACH);
      previousEnd = u.end;
      const repo = githubRepository(u.url);
      if (repo) {
        githubRepo ??= repo;
        continue;
      }
      if (projectPage) continue;
      let host: string;
      try {
        host = new URL(u.url).hostname;
      } catch {
        continue;
      }
      if (NOT_PROJECT.test(host)) continue;
      const label = prose.slice(labelFrom, u.start);
      if (/\.github\.io$/i.test(host) || PROJECT_WORDS.test(label)) projectPage = u.url;
    }
  }
  return { githubRepo, projectPage };
}

/** A stored link wins over one found in the text. */
export function paperLinksOf(p: { abstract: string | null; comments?: string | null; githubUrl: string | null; projectUrl: string | null }): PaperLinks {
  const found = p.githubUrl && p.projectUrl ? { githubRepo: null, projectPage: null } : detectPaperLinks(p.abstract, p.comments);
  return { githubRepo: p.githubUrl ?? found.githubRepo, projectPage: p.projectUrl ?? found.projectPage };
}

/** The prose of a text with LaTeX, formulas replaced by a space: where addresses are looked for. */
function proseOnly(text: string): string {
  // Pieces are joined with a space: a brace ends an address, so `Repo{https://github.com/o/Repo}` (a LaTeX link arXiv flattened) is two addresses, not `Repohttps…`.
  const walk = (nodes: ProseNode[]): string => nodes.map((n) => (n.kind === 'text' ? n.text : n.kind === 'math' ? ' ' : walk(n.children))).join(' ');
  return walk(parseProse(text));
}
