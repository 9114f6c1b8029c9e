import { decodeTexAccents, foldWhitespace } from './text.js';

/**
 * Titles and abstracts as arXiv gives them: prose with LaTeX in it. `parseProse` reads them
 * once into a small tree (prose, formulas, bold/italic/mono runs) that the HTML renderer
 * (web/render/math.ts) and the plain-text renderer below both walk, so web pages, feeds and
 * mail agree on where a formula starts and ends. Everything here is linear in the input and
 * never throws: unknown or broken LaTeX comes out as its own text.
 */
export type ProseNode =
  | { kind: 'text'; text: string }
  | { kind: 'math'; tex: string; display: boolean; source: string }
  | { kind: 'style'; style: TextStyle; children: ProseNode[] };
export type TextStyle = 'bold' | 'italic' | 'mono' | 'url';

// Text-mode commands authors put in titles; null keeps the content without styling it.
const STYLE_COMMANDS: Record<string, TextStyle | null> = {
  textbf: 'bold', textit: 'italic', emph: 'italic', textsl: 'italic', texttt: 'mono',
  textsc: null, textrm: null, textsf: null, textup: null, textnormal: null, text: null, mbox: null, underline: null,
};
// Old-style switches: `{\bf fast}`, `{\em not}`.
const SWITCHES: Record<string, TextStyle> = { bf: 'bold', bfseries: 'bold', it: 'italic', itshape: 'italic', em: 'italic', sl: 'italic', tt: 'mono', ttfamily: 'mono' };
const PROSE_WORDS: Record<string, string> = {
  LaTeX: 'LaTeX', TeX: 'TeX', ldots: '…', dots: '…', textendash: '–', textemdash: '—', textasciitilde: '~', textbackslash: '\\',
  textquoteright: '’', textquoteleft: '‘', textregistered: '®', texttrademark: '™', copyright: '©', S: '§', dag: '†', ddag: '‡',
};
const PROSE_ESCAPES: Record<string, string> = { '%': '%', '&': '&', '#': '#', _: '_', '{': '{', '}': '}', $: '$', ' ': ' ', ',': '\u2009', ';': ' ', '\\': ' ', '-': '', '@': '', '/': '', '!': '' };
const ACCENT = /\\(?:["'`^~=.]|[uvHckr](?=[\s{]))\s*(?:\{\s*\\?[a-zA-Z]\s*\}|\\[ij](?![a-zA-Z])|[a-zA-Z])/y;
const WORD = /[A-Za-z]+/y;
const PLAIN_RUN = /[^$\\{}~`'-]+/y;
// 32 levels of braces is far beyond any title; past it braces are text, so the tree stays shallow.
const MAX_DEPTH = 32;
const DELIMITERS: ReadonlyArray<readonly [string, string, boolean]> = [['$$', '$$', true], ['\\[', '\\]', true], ['\\(', '\\)', false], ['$', '$', false]];

interface Frame { style: TextStyle | null; children: ProseNode[]; kind: 'group' | 'literal' | 'switch' }

/** Reads prose with LaTeX into a tree. `\$` is a dollar; an opener without its closer is text. */
export function parseProse(text: string): ProseNode[] {
  const stack: Frame[] = [{ style: null, children: [], kind: 'group' }];
  const closers = new Map<string, number>();
  let top = stack[0]!;
  let buf = '';
  let overflow = 0;
  let quoteOpen = false;
  let afterUnknown = false;
  const flush = () => {
    if (buf) top.children.push({ kind: 'text', text: buf });
    buf = '';
  };
  const open = (style: TextStyle | null, kind: Frame['kind'], literalOpener: string): void => {
    if (stack.length >= MAX_DEPTH) {
      if (kind !== 'switch') (buf += literalOpener), overflow++;
      return;
    }
    flush();
    top = { style, children: [], kind };
    stack.push(top);
  };
  const close = (): void => {
    flush();
    const f = stack.pop()!;
    top = stack.at(-1)!;
    if (f.style) top.children.push({ kind: 'style', style: f.style, children: f.children });
    else {
      // A loop, not push(...children): a group can hold more children than a call has arguments.
      if (f.kind === 'literal') top.children.push({ kind: 'text', text: '{' });
      for (const n of f.children) top.children.push(n);
      if (f.kind === 'literal') top.children.push({ kind: 'text', text: '}' });
    }
  };
  // A command at `at` (a backslash): returns where reading goes on.
  const command = (at: number): number => {
    const escaped = PROSE_ESCAPES[text[at + 1] ?? ''];
    if (escaped !== undefined) return (buf += escaped), at + 2;
    ACCENT.lastIndex = at;
    const accent = ACCENT.exec(text);
    if (accent) return (buf += decodeTexAccents(accent[0])), ACCENT.lastIndex;
    WORD.lastIndex = at + 1;
    const name = WORD.exec(text)?.[0];
    if (!name) return (buf += '\\'), at + 1;
    const j = at + 1 + name.length;
    const style = STYLE_COMMANDS[name];
    if (style !== undefined && text[j] === '{') return open(style, 'group', `\\${name}{`), j + 1;
    if (SWITCHES[name] && stack.length > 1) return open(SWITCHES[name], 'switch', ''), text[j] === ' ' ? j + 1 : j;
    const end = (name === 'url' || name === 'href') && text[j] === '{' ? findCloser(text, '}', j, closers) : -1;
    if (end > j) {
      // \url's address is shown as text, \href's is dropped for its label; neither is linked
      // (titles sit inside links of their own).
      flush();
      if (name === 'url') top.children.push({ kind: 'style', style: 'url', children: [{ kind: 'text', text: text.slice(j + 1, end) }] });
      return end + 1;
    }
    const word = PROSE_WORDS[name] ?? decodeTexAccents(`\\${name}`);
    buf += word;
    // Unknown commands stay as written, their {argument} with its braces: `\cite{x}`.
    afterUnknown = word === `\\${name}`;
    return !afterUnknown && text.startsWith('{}', j) ? j + 2 : j;
  };

  let i = 0;
  while (i < text.length) {
    // Runs of ordinary characters are copied at once: 4x faster on abstracts than char by char.
    PLAIN_RUN.lastIndex = i;
    const run = PLAIN_RUN.exec(text);
    const literalGroup = afterUnknown;
    afterUnknown = false;
    if (run) {
      buf += run[0];
      i = PLAIN_RUN.lastIndex;
      continue;
    }
    const c = text[i]!;
    const found = c === '$' || (c === '\\' && (text[i + 1] === '(' || text[i + 1] === '[')) ? findMath(text, i, closers) : null;
    if (found) {
      flush();
      top.children.push(found.node);
      i = found.end;
    } else if (c === '\\') i = command(i);
    else if (c === '{') (open(null, literalGroup ? 'literal' : 'group', '{'), i++);
    else if (c === '}') {
      if (overflow > 0) (buf += '}'), overflow--;
      else if (stack.length === 1) buf += '}';
      else {
        while (top.kind === 'switch' && stack.length > 2) close();
        close();
      }
      i++;
    } else {
      // TeX typography: -- and --- dashes, ``quotes'', ~ as a non-breaking space (but not after
      // a slash: `https://example.edu/~ada` is an address, not a tie).
      const dash: string = c === '-' && text[i + 1] === '-' && top.style !== 'mono' && isDash(text, i) ? (text[i + 2] === '-' ? '—' : '–') : '';
      const quote: string = c === '`' && text[i + 1] === '`' ? '“' : c === "'" && text[i + 1] === "'" && quoteOpen ? '”' : '';
      if (quote) quoteOpen = quote === '“';
      buf += dash || quote || (c === '~' && text[i - 1] !== '/' ? '\u00a0' : c);
      i += dash === '—' ? 3 : dash || quote ? 2 : 1;
    }
  }
  while (stack.length > 1) close();
  flush();
  return stack[0]!.children;
}

/** `a -- b`, `10--20`, `a --- b`: TeX dashes. Not `--flag` or `-->`. */
function isDash(text: string, at: number): boolean {
  const before = text[at - 1];
  let end = at + 2;
  if (text[end] === '-') end++;
  const after = text[end];
  const ok = (ch: string | undefined) => ch === undefined || /[\s\d]/.test(ch);
  return ok(before) && ok(after) && !(before === undefined && after === undefined);
}

function findMath(text: string, at: number, closers: Map<string, number>): { node: ProseNode; end: number } | null {
  for (const [open, close, display] of DELIMITERS) {
    if (!text.startsWith(open, at)) continue;
    const start = at + open.length;
    const k = findCloser(text, close, start, closers);
    const tex = k < 0 ? '' : text.slice(start, k);
    // Math never crosses a blank line: a stray dollar cannot swallow a paragraph.
    const blank = findCloser(text, BLANK_LINE, start, closers);
    if (k < 0 || tex.trim() === '' || (blank >= 0 && blank < k)) {
      if (open === '$$') continue;
      return null;
    }
    return { node: { kind: 'math', tex, display, source: text.slice(at, k + close.length) }, end: k + close.length };
  }
  return null;
}

const BLANK_LINE = '\n\n';
const BLANK = /\n[ \t]*\n/g;

/**
 * First unescaped `close` (or blank line) at or after `from`. Remembering the last answer per
 * closer keeps the scan linear: 5,000 unclosed `\(` are searched once, not 5,000 times.
 */
function findCloser(text: string, close: string, from: number, memo: Map<string, number>): number {
  const known = memo.get(close);
  if (known !== undefined && (known < 0 || known >= from)) return known;
  let k: number;
  if (close === BLANK_LINE) {
    BLANK.lastIndex = from;
    k = BLANK.exec(text)?.index ?? -1;
  } else {
    k = text.indexOf(close, from);
    while (k >= 0 && close[0] === '$' && isEscaped(text, k)) k = text.indexOf(close, k + 1);
  }
  memo.set(close, k);
  return k;
}

function isEscaped(text: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && text[at - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/**
 * LaTeX to readable plain text, for mail subjects, plain-text parts and feeds where no math
 * renderer runs: `$\mathcal{O}(n^2)$` -> `O(n²)`, `$\alpha$-divergence` -> `α-divergence`.
 */
export function mathToPlainText(text: string): string {
  return foldWhitespace(plainOf(parseProse(text)));
}

function plainOf(nodes: ProseNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'math') out += n.display ? ` ${texToPlainText(n.tex)} ` : texToPlainText(n.tex);
    else out += plainOf(n.children);
  }
  return out;
}

const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ', iota: 'ι',
  kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ',
  phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', leq: '≤', le: '≤', leqslant: '≤', geq: '≥', ge: '≥', geqslant: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼',
  simeq: '≃', cong: '≅', equiv: '≡', propto: '∝', ll: '≪', gg: '≫', prec: '≺', succ: '≻', to: '→', rightarrow: '→', leftarrow: '←', gets: '←',
  leftrightarrow: '↔', Rightarrow: '⇒', Leftarrow: '⇐', Leftrightarrow: '⇔', implies: '⟹', iff: '⟺', mapsto: '↦', longrightarrow: '⟶', uparrow: '↑',
  downarrow: '↓', times: '×', cdot: '·', pm: '±', mp: '∓', div: '÷', ast: '∗', star: '⋆', circ: '∘', bullet: '•', oplus: '⊕', otimes: '⊗', odot: '⊙',
  wedge: '∧', land: '∧', vee: '∨', lor: '∨', neg: '¬', lnot: '¬', setminus: '∖', in: '∈', notin: '∉', ni: '∋', subset: '⊂', subseteq: '⊆',
  supset: '⊃', supseteq: '⊇', cup: '∪', cap: '∩', emptyset: '∅', varnothing: '∅', forall: '∀', exists: '∃', nabla: '∇', partial: '∂', sum: 'Σ',
  prod: 'Π', int: '∫', oint: '∮', infty: '∞', ell: 'ℓ', hbar: 'ℏ', aleph: 'ℵ', angle: '∠', perp: '⊥', parallel: '∥', top: '⊤', bot: '⊥', dagger: '†',
  ddagger: '‡', prime: '′', degree: '°', ldots: '…', cdots: '⋯', dots: '…', vdots: '⋮', ddots: '⋱', langle: '⟨', rangle: '⟩', lfloor: '⌊',
  rfloor: '⌋', lceil: '⌈', rceil: '⌉', vert: '|', lvert: '|', rvert: '|', mid: '|', Vert: '‖', lVert: '‖', rVert: '‖', checkmark: '✓', square: '□',
  triangle: '△', log: 'log', ln: 'ln', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', max: 'max', min: 'min', arg: 'arg', sup: 'sup', inf: 'inf',
  lim: 'lim', det: 'det', dim: 'dim', ker: 'ker', Pr: 'Pr', gcd: 'gcd', mod: 'mod', bmod: 'mod', quad: ' ', qquad: ' ', ',': ' ', ';': ' ', ':': ' ',
  ' ': ' ', '!': '', '\\': ' ', '%': '%', '&': '&', '#': '#', _: '_', $: '$', '{': '{', '}': '}', '|': '‖',
};
// Commands whose argument is the content: \mathbf{x} -> x. Sizes and styles vanish.
const WRAPPERS = new Set(['mathcal', 'mathbf', 'mathrm', 'mathit', 'mathsf', 'mathtt', 'mathfrak', 'mathscr', 'mathnormal', 'boldsymbol',
  'bm', 'text', 'textbf', 'textit', 'textrm', 'textsf', 'texttt', 'textsc', 'emph', 'mbox', 'hbox', 'operatorname', 'boxed', 'underline',
  'mathop', 'mathbin', 'mathrel', 'mathord', 'pmb', 'textnormal', 'displaystyle', 'textstyle', 'scriptstyle']);
const DROPPED = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'middle', 'limits', 'nolimits', 'nonumber', 'not']);
const BLACKBOARD: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', E: '𝔼', P: 'ℙ', '1': '𝟙' };
const ACCENT_MARKS: Record<string, string> = { hat: '\u0302', widehat: '\u0302', bar: '\u0304', overline: '\u0305', tilde: '\u0303', widetilde: '\u0303', vec: '\u20d7', dot: '\u0307', ddot: '\u0308', check: '\u030c' };
const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼',
  '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', '⊤': 'ᵀ', '*': '*', '∗': '*', '⋆': '⋆', '′': '′', "'": '′', '†': '†', '‡': '‡', '∘': '°',
};
const SUBSCRIPTS: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎' };
// Formulas in titles nest a few levels; 50 keeps hostile `{{{…` or `^^^…` off the call stack's limit.
const MAX_TEX_DEPTH = 50;

interface Cursor { s: string; i: number; depth: number }

/** One formula's TeX to text: `\mathcal{O}(n^2)` -> `O(n²)`; unknown commands keep their name. */
export function texToPlainText(tex: string): string {
  return foldWhitespace(sequence({ s: tex, i: 0, depth: 0 }, false));
}

function sequence(p: Cursor, inGroup: boolean): string {
  let out = '';
  while (p.i < p.s.length) {
    if (p.s[p.i] === '}') {
      p.i++;
      if (inGroup) return out;
      continue;
    }
    out += atom(p);
  }
  return out;
}

function atom(p: Cursor): string {
  const c = p.s[p.i++]!;
  if (c === '{') return group(p);
  if (c === '\\') return command(p);
  if (c === '^' || c === '_') return script(c, argument(p));
  if (c === '~' || c === '&') return ' ';
  if (c === "'") return '′';
  return c;
}

function group(p: Cursor): string {
  return nested(p, () => sequence(p, true));
}

/** The next argument: a {group}, a command, or one character. */
function argument(p: Cursor): string {
  while (p.s[p.i] === ' ') p.i++;
  if (p.i >= p.s.length || p.s[p.i] === '}') return '';
  return nested(p, () => atom(p));
}

/** Bounds recursion (`{{{…`, `x^^^^…`, `\hat\hat…`): past the limit the rest reads flat, so nothing overflows the stack. */
function nested(p: Cursor, read: () => string): string {
  if (p.depth >= MAX_TEX_DEPTH) return '';
  p.depth++;
  const out = read();
  p.depth--;
  return out;
}

function command(p: Cursor): string {
  WORD.lastIndex = p.i;
  const name = WORD.exec(p.s)?.[0] ?? p.s[p.i] ?? '';
  p.i += name.length;
  const symbol = SYMBOLS[name];
  if (symbol !== undefined) return symbol;
  if (p.s[p.i] === '*') p.i++;
  if (WRAPPERS.has(name)) return argument(p);
  if (DROPPED.has(name)) {
    if (p.s[p.i] === '.') p.i++;
    return '';
  }
  if (name === 'mathbb' || name === 'mathds') return [...argument(p)].map((ch) => BLACKBOARD[ch] ?? ch).join('');
  const mark = ACCENT_MARKS[name];
  if (mark) {
    const base = argument(p);
    return [...base].length === 1 ? (base + mark).normalize('NFC') : base;
  }
  if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') return `${operand(argument(p))}/${operand(argument(p))}`;
  if (name === 'binom') return `C(${argument(p)}, ${argument(p)})`;
  if (name === 'sqrt') {
    let index = '';
    if (p.s[p.i] === '[') {
      const end = p.s.indexOf(']', p.i);
      if (end > 0) (index = p.s.slice(p.i + 1, end)), (p.i = end + 1);
    }
    const root = index === '3' ? '∛' : index === '4' ? '∜' : `${index ? script('^', index) : ''}√`;
    return root + operand(argument(p));
  }
  if (name === 'unicode') {
    const code = /^x([0-9a-f]{1,6})$/i.exec(argument(p).trim());
    const n = code ? parseInt(code[1]!, 16) : NaN;
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
  }
  if (name === 'color' || name === 'textcolor') {
    argument(p); // the colour's name
    return name === 'color' ? '' : argument(p);
  }
  // Unknown: \varkappa -> "varkappa"; \somemacro{x} -> "x" (its argument is usually the content).
  return p.s[p.i] === '{' ? '' : name;
}

/** Parentheses around a fraction's part when it is more than one token: (a+b)/2. */
function operand(s: string): string {
  const t = s.trim();
  return /^[\p{L}\p{N}.]*$/u.test(t) || [...t].length === 1 ? t : `(${t})`;
}

/** x^{12} -> x¹² when every character has a Unicode script form; else x^12 or x^(t+1). */
function script(mark: '^' | '_', body: string): string {
  const chars = [...body.trim()];
  const table = mark === '^' ? SUPERSCRIPTS : SUBSCRIPTS;
  if (chars.length === 0) return '';
  if (chars.every((ch) => table[ch] !== undefined)) return chars.map((ch) => table[ch]).join('');
  return chars.length === 1 || /^[\p{L}\p{N}]+$/u.test(body.trim()) ? `${mark}${body.trim()}` : `${mark}(${body.trim()})`;
}
