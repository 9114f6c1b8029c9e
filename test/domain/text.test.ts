import { describe, expect, it } from 'vitest';
import { cleanAuthors, cleanCategories, cleanText, decodeTexAccents, foldWhitespace, splitAuthors } from '../../src/domain/text.js';

describe('decodeTexAccents', () => {
  const cases: Array<[string, string]> = [
    [String.raw`M{\"u}ller`, 'Müller'],
    [String.raw`M\"{u}ller`, 'Müller'],
    [String.raw`Sch\"olkopf`, 'Schölkopf'],
    [String.raw`\L{}ukasz`, 'Łukasz'],
    [String.raw`{\L}ukasz`, 'Łukasz'],
    [String.raw`\'{E}cole`, 'École'],
    [String.raw`\'Alvaro`, 'Álvaro'],
    [String.raw`Erd\H{o}s`, 'Erdős'],
    [String.raw`\c{C}elik`, 'Çelik'],
    [String.raw`Fran\c{c}oise Lef\`evre`, 'Françoise Lefèvre'],
    [String.raw`Tom\'a\v{s} Nov\'ak`, 'Tomáš Novák'],
    [String.raw`S{\o}ren`, 'Søren'],
    [String.raw`Stra{\ss}e`, 'Straße'],
    [String.raw`\AA{}ngstr\"om`, 'Ångström'],
    [String.raw`Pe\~na`, 'Peña'],
    // The dotless i under an accent, as arXiv writes García and Martínez.
    [String.raw`Garc\'{\i}a`, 'García'],
    [String.raw`Mart\'\i nez`, 'Martínez'],
    [String.raw`Mart{\'\i}nez`, 'Martínez'],
    [String.raw`Ana\"is`, 'Anaïs'],
  ];
  for (const [tex, text] of cases) {
    it(`${tex} -> ${text}`, () => expect(decodeTexAccents(tex)).toBe(text));
  }

  it('leaves math and other TeX alone', () => {
    expect(decodeTexAccents(String.raw`$\mathcal{O}(n^2)$ and $\alpha$`)).toBe(String.raw`$\mathcal{O}(n^2)$ and $\alpha$`);
    expect(decodeTexAccents('plain text')).toBe('plain text');
  });
});

describe('splitAuthors', () => {
  it('splits on commas and "and", including the Oxford comma', () => {
    expect(splitAuthors('D.V. Shetty, S.J. Yennello, and G.A. Souliotis')).toEqual(['D.V. Shetty', 'S.J. Yennello', 'G.A. Souliotis']);
    expect(splitAuthors('Hiroshi Tanaka and Ana\\"is Lemaire')).toEqual(['Hiroshi Tanaka', 'Anaïs Lemaire']);
  });

  it('drops parenthesized affiliations, nested ones too', () => {
    expect(splitAuthors('Alain Dupr\\\'e (CERN), Kenji Watanabe (Kyoto U., Yukawa Inst.) and\n  Ruth O\'Neill')).toEqual([
      'Alain Dupré', 'Kenji Watanabe', "Ruth O'Neill",
    ]);
    expect(splitAuthors('A. One (1 and 2), B. Two ((1) MIT, (2) CMU)')).toEqual(['A. One', 'B. Two']);
  });

  it('decodes TeX accents in names', () => {
    expect(splitAuthors(String.raw`Jana M{\"u}ller, Bernhard Sch\"olkopf and \L{}ukasz Kowalski`)).toEqual([
      'Jana Müller', 'Bernhard Schölkopf', 'Łukasz Kowalski',
    ]);
  });

  it('drops "et al", keeps names that contain "and", joins suffixes to their name', () => {
    expect(splitAuthors('Margaret Okafor, D. R. Lindqvist, et al')).toEqual(['Margaret Okafor', 'D. R. Lindqvist']);
    expect(splitAuthors('Alexander Anderson and Sandra Andrews')).toEqual(['Alexander Anderson', 'Sandra Andrews']);
    expect(splitAuthors('John Smith, Jr., Jane Doe and Ray Roe III')).toEqual(['John Smith Jr.', 'Jane Doe', 'Ray Roe III']);
  });

  it('keeps non-ASCII names as they are', () => {
    expect(splitAuthors('Zoë Ångström, Søren Kierkegaard-Hansen, 李明, and Émile Durand')).toEqual([
      'Zoë Ångström', 'Søren Kierkegaard-Hansen', '李明', 'Émile Durand',
    ]);
  });
});

describe('cleanText, foldWhitespace, cleanAuthors, cleanCategories', () => {
  it('folds hard-wrapped text and maps empty to null', () => {
    expect(foldWhitespace('  a\n  b\t c ')).toBe('a b c');
    expect(cleanText('  Limit distributions and\n  scaling  ')).toBe('Limit distributions and scaling');
    expect(cleanText('   ')).toBeNull();
    expect(cleanText(undefined)).toBeNull();
  });

  it('cleans author lists', () => {
    expect(cleanAuthors(['  Jana  M{\\"u}ller ', '', 42, 'Yui Nakamura'])).toEqual(['Jana Müller', 'Yui Nakamura']);
  });

  it('splits categories, keeps order, drops duplicates and junk', () => {
    expect(cleanCategories('cs.LG  stat.ML cs.LG')).toEqual(['cs.LG', 'stat.ML']);
    expect(cleanCategories(['hep-th', ' math.GT ', 'not a category', 7])).toEqual(['hep-th', 'math.GT']);
    expect(cleanCategories(null)).toEqual([]);
  });
});
