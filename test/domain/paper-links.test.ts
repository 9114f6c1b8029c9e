import { describe, expect, it } from 'vitest';
import { detectPaperLinks, findUrls, githubRepository, paperLinksOf, splitUrls } from '../../src/domain/paper-links.js';

const urls = (text: string) => findUrls(text).map((u) => u.url);

describe('findUrls', () => {
  it('finds http and https addresses and leaves sentence punctuation out', () => {
    expect(urls('Code is at https://github.com/a/b. Data: http://example.org/x?y=1&z=2, and more!')).toEqual(['https://github.com/a/b', 'http://example.org/x?y=1&z=2']);
    expect(urls('See https://example.org/a; https://example.org/b: "https://example.org/c"?')).toEqual(['https://example.org/a', 'https://example.org/b', 'https://example.org/c']);
    expect(urls('Ends the text https://example.org/page/')).toEqual(['https://example.org/page/']);
  });

  it('keeps parentheses the address opened and drops the ones around it', () => {
    expect(urls('(code: https://github.com/a/b)')).toEqual(['https://github.com/a/b']);
    expect(urls('see https://en.wikipedia.org/wiki/Graph_(discrete_mathematics).')).toEqual(['https://en.wikipedia.org/wiki/Graph_(discrete_mathematics)']);
    expect(urls('(see https://en.wikipedia.org/wiki/Graph_(discrete_mathematics)).')).toEqual(['https://en.wikipedia.org/wiki/Graph_(discrete_mathematics)']);
    expect(urls('[https://example.org/x]')).toEqual(['https://example.org/x']);
  });

  it('reads \\url{...} and \\href{...}{...} as their address', () => {
    expect(urls('Code: \\url{https://github.com/a/b}.')).toEqual(['https://github.com/a/b']);
    expect(urls('\\href{https://example.org/p}{our page}')).toEqual(['https://example.org/p']);
  });

  it('never finds other schemes, glued schemes or hosts that are not hosts', () => {
    expect(urls('javascript:alert(1) data:text/html;base64,PHNjcmlwdD4= vbscript:x')).toEqual([]);
    expect(urls('xhttps://example.org evilhttp://example.org')).toEqual([]);
    expect(urls('https:// https://. https://localhost/x http://a')).toEqual([]);
    expect(urls('<a href="https://example.org/x">')).toEqual(['https://example.org/x']);
    // An address glued to another scheme is not an address.
    expect(urls('javascript:https://example.org/x')).toEqual([]);
  });

  it('splits text into plain runs and addresses that join back to the text', () => {
    const text = 'A (see https://example.org/a). B';
    const pieces = splitUrls(text);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.url).map((p) => p.url)).toEqual(['https://example.org/a']);
  });
});

describe('githubRepository', () => {
  it('reduces repository addresses to owner/repo and refuses the rest', () => {
    expect(githubRepository('https://github.com/Org/Repo')).toBe('https://github.com/Org/Repo');
    expect(githubRepository('https://www.github.com/org/repo.git')).toBe('https://github.com/org/repo');
    expect(githubRepository('http://github.com/org/my.repo/tree/main/src')).toBe('https://github.com/org/my.repo');
    expect(githubRepository('https://github.com/org')).toBeNull();
    expect(githubRepository('https://github.com/orgs/acme')).toBeNull();
    expect(githubRepository('https://github.com/topics/llm')).toBeNull();
    expect(githubRepository('https://gist.github.com/a/b')).toBeNull();
  });
});

describe('detectPaperLinks', () => {
  it('finds the code repository and a labelled project page', () => {
    expect(detectPaperLinks('We release everything. Code: https://github.com/org/repo. Project page: https://example.com/proj.')).toEqual({
      githubRepo: 'https://github.com/org/repo', projectPage: 'https://example.com/proj',
    });
    expect(detectPaperLinks('Our website https://lab.example.edu/~ada/thing has demos.')).toEqual({ githubRepo: null, projectPage: 'https://lab.example.edu/~ada/thing' });
  });

  it('takes a github.io site as a project page without a label', () => {
    expect(detectPaperLinks('See https://x.github.io/y for videos.')).toEqual({ githubRepo: null, projectPage: 'https://x.github.io/y' });
  });

  it('does not take an unlabelled address, a code host or a paper as the project page', () => {
    expect(detectPaperLinks('Data from https://data.example.org/set.').projectPage).toBeNull();
    expect(detectPaperLinks('Project page: https://arxiv.org/abs/2401.01234 and website https://gitlab.com/a/b').projectPage).toBeNull();
    // A label belongs to the address right after it, not to the next one.
    expect(detectPaperLinks('Website: https://huggingface.co/x. Data https://data.example.org/set').projectPage).toBeNull();
  });

  it('reads the comments field too, and \\url{} in either', () => {
    expect(detectPaperLinks('An abstract.', '12 pages, 4 figures. Code: \\url{https://github.com/a/b}')).toEqual({ githubRepo: 'https://github.com/a/b', projectPage: null });
  });

  it('ignores addresses inside formulas', () => {
    expect(detectPaperLinks('We define $f = \\text{https://github.com/a/b}$ here.').githubRepo).toBeNull();
  });

  it('lets stored links win over detected ones', () => {
    const abstract = 'Code: https://github.com/found/repo. Project page: https://found.example.org.';
    expect(paperLinksOf({ abstract, githubUrl: 'https://github.com/stored/repo', projectUrl: null })).toEqual({ githubRepo: 'https://github.com/stored/repo', projectPage: 'https://found.example.org' });
    expect(paperLinksOf({ abstract, githubUrl: null, projectUrl: 'https://stored.example.org' })).toEqual({ githubRepo: 'https://github.com/found/repo', projectPage: 'https://stored.example.org' });
  });
});
