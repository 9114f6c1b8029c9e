import { describe, expect, it } from 'vitest';
import { authorKey, displayName, slugBase, uniqueSlug } from '../../src/domain/author-names.js';
import { domainVerifies, emailDomain } from '../../src/domain/claim-rules.js';

const same = (...names: string[]) => expect(new Set(names.map(authorKey)).size, names.join(' / ')).toBe(1);
const apart = (a: string, b: string) => expect(authorKey(a), `${a} / ${b}`).not.toBe(authorKey(b));

describe('author name keys', () => {
  it('fold accents, case and special letters', () => {
    same('José Núñez', 'Jose Nunez', 'JOSÉ NÚÑEZ');
    same('Hinrich Schütze', 'Hinrich Schutze');
    same('Søren Łukasz', 'Soren Lukasz');
    expect(authorKey('Gregoire Deletang')).toBe('gregoire deletang');
  });

  it('turn "Last, First" round, and keep a suffix after the comma', () => {
    same('Smith, John', 'John Smith');
    same('Núñez, José A.', 'José Núñez');
    expect(displayName('Smith, John')).toBe('John Smith');
    expect(displayName('Smith, Jr.')).toBe('Smith, Jr.');
    same('John Smith Jr.', 'John Smith');
  });

  it('drop middle initials when first and last names match, and join hyphenated names', () => {
    same('John A. Smith', 'John Smith', 'John A Smith', 'John  A.  Smith');
    same('Eric P. Xing', 'Eric Xing');
    same('Yu-Gang Jiang', 'Yugang Jiang', 'Yu-gang Jiang');
    same("O'Brien Kate", 'OBrien Kate');
  });

  it('never merge different first names, initials with full names, or full middle names', () => {
    apart('John Smith', 'Jane Smith');
    apart('J. Smith', 'John Smith');
    apart('John Adam Smith', 'John Smith');
    apart('Y. B. Wang', 'Y. Q. Wang');
    apart('Y. Wang', 'Y. B. Wang');
    apart('Yang Liu', 'Yan Liu');
  });

  it('names with nothing to key are skipped; scripts without Latin letters keep their letters', () => {
    expect(authorKey('...')).toBe('');
    expect(authorKey('  ')).toBe('');
    expect(authorKey('王 小明')).toBe('王 小明');
    expect(slugBase(authorKey('王 小明'))).toBe('author');
  });

  it('slugs are ASCII with hyphens, numbered on collision', () => {
    expect(slugBase(authorKey('José Núñez'))).toBe('jose-nunez');
    const taken = new Set(['jose-nunez', 'jose-nunez-2']);
    expect(uniqueSlug('jose-nunez', (s) => taken.has(s))).toBe('jose-nunez-3');
    expect(uniqueSlug('ada-lovelace', (s) => taken.has(s))).toBe('ada-lovelace');
  });

  it('hostile names give inert keys and slugs; the display name is text for the views to escape', () => {
    const hostile = '<img src=x onerror=alert(1)> "Robert\'); DROP TABLE authors;--';
    expect(slugBase(authorKey(hostile))).toMatch(/^[a-z0-9-]+$/);
    expect(authorKey(hostile)).not.toMatch(/[<>"';()]/);
    expect(displayName('Ada\u0000\u202e Lovelace\n')).toBe('Ada Lovelace');
  });
});

describe('claims verified by e-mail domain', () => {
  it('the whole domain must appear as a word; public mail never verifies', () => {
    expect(emailDomain('ada@CS.Example.edu')).toBe('cs.example.edu');
    expect(domainVerifies('ada@cs.example.edu', ['Correspondence: ada@cs.example.edu'])).toBe(true);
    expect(domainVerifies('ada@example.edu', ['Dept. of CS, example.edu.'])).toBe(true);
    expect(domainVerifies('ada@example.edu', ['mail: bob@cs.example.edu'])).toBe(false);
    expect(domainVerifies('ada@mit.edu', ['summit.edu'])).toBe(false);
    expect(domainVerifies('ada@gmail.com', ['ada@gmail.com'])).toBe(false);
    expect(domainVerifies('nobody', ['nobody'])).toBe(false);
  });
});
