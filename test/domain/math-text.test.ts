import { describe, expect, it } from 'vitest';
import { mathToPlainText, parseProse, texToPlainText } from '../../src/domain/math-text.js';

describe('mathToPlainText', () => {
  it.each([
    ['Attention in $\\mathcal{O}(n^2)$ Time', 'Attention in O(n²) Time'],
    ['The $\\alpha$-Divergence of $\\beta$-VAEs', 'The α-Divergence of β-VAEs'],
    ['$\\leq$ $\\geq$ $\\to$ $\\infty$ $\\times$ $\\cdot$ $\\approx$ $\\sim$ $\\pm$ $\\in$ $\\sum$', '≤ ≥ → ∞ × · ≈ ∼ ± ∈ Σ'],
    ['Scaling to $10^{6}$ Tokens with $x^{-1}$ and $2^n$', 'Scaling to 10⁶ Tokens with x⁻¹ and 2ⁿ'],
    ['$\\ell_2$ and $x_{12}$ but $x_i$, $x_{ij}$ and $h_{t+1}$', 'ℓ₂ and x₁₂ but x_i, x_ij and h_(t+1)'],
    ['$e^{i\\pi}$ and $x^{ab}$', 'e^iπ and x^ab'],
    ['$\\mathrm{softmax}(\\mathbf{x})$ \\textbf{Bold} \\emph{it} $\\text{text}$', 'softmax(x) Bold it text'],
    ['$\\mathbb{R}^d$, $\\mathbb{E}[X]$ and $\\hat{y}$, $\\bar{x}$', 'ℝ^d, 𝔼[X] and ŷ, x̄'],
    ['$\\frac{1}{2}$, $\\frac{a+b}{c}$, $\\sqrt{n}$, $\\sqrt[3]{x}$', '1/2, (a+b)/c, √n, ∛x'],
    ['$\\operatorname*{arg\\,max}_\\theta \\log p(x)$', 'arg max_θ log p(x)'],
    ['GPT$^{3}$, $90^\\circ$, $A^\\top$, $V^{\\star}$, $f\'(x)$', 'GPT³, 90°, Aᵀ, V⋆, f′(x)'],
    ['$\\left( \\frac{n}{k} \\right)$', '( n/k )'],
    ['Costs \\$5, a lone $ and 100\\% \\& more', 'Costs $5, a lone $ and 100% & more'],
    ["``Quoted'' and state-of-the-art -- 10--20", '“Quoted” and state-of-the-art – 10–20'],
    ['Schr\\"odinger and G\\\'{e}rard {\\bf bold} {BERT}', 'Schrödinger and Gérard bold BERT'],
    ['$$\\sum_{i=1}^{n} x_i$$ then \\(y\\) and \\[z\\]', 'Σ_(i=1)ⁿ x_i then y and z'],
    ['$\\varkappa$ and $\\mymacro{x}$', 'varkappa and x'],
    ['$\\unicode{x2014}$', '—'],
    ['Über 量子 ∞ unchanged', 'Über 量子 ∞ unchanged'],
  ])('%s', (input, expected) => {
    expect(mathToPlainText(input)).toBe(expected);
  });

  it('keeps superscripts without a Unicode form readable', () => {
    expect(mathToPlainText('$x^k$')).toBe('x^k');
    expect(mathToPlainText('$x^{k+1}$')).toBe('x^(k+1)');
  });

  it('never throws, and stays linear, on broken and hostile input', () => {
    const inputs = ['$', '$$', '\\', '$\\$', '$x^$', '$\\frac{$', '{'.repeat(10_000), `$${'{'.repeat(10_000)}$`, '}'.repeat(1000), '\\('.repeat(5000), `${'\\(\n\n'.repeat(3000)}\\)`, `${'$a\n\n'.repeat(3000)}$`, '$\\left.$', '$\\sqrt[$', '\\textbf{'.repeat(2000), `$x${'^'.repeat(20_000)}$`, `$${'\\hat'.repeat(8000)}x$`, `$${'\\frac'.repeat(8000)}$`];
    for (const t of inputs) expect(() => mathToPlainText(t)).not.toThrow();
    const growing: ((n: number) => string)[] = [(n) => '{'.repeat(n), (n) => `$${'{'.repeat(n)}$`, (n) => '\\('.repeat(n), (n) => `${'$a\n\n'.repeat(n)}$`, (n) => `$x${'^'.repeat(n)}$`, (n) => `$${'\\frac'.repeat(n)}$`];
    // No clock: 100,000-unit inputs finish in milliseconds when linear, and run ~10^10 steps, far past the test's timeout, when not.
    for (const make of growing) expect(typeof mathToPlainText(make(100_000))).toBe('string');
    expect(mathToPlainText('\\(').length).toBe(2);
  });
});

describe('parseProse', () => {
  it('splits prose, formulas and styled runs', () => {
    expect(parseProse('A $x$ \\textbf{b \\emph{c}}')).toEqual([
      { kind: 'text', text: 'A ' },
      { kind: 'math', tex: 'x', display: false, source: '$x$' },
      { kind: 'text', text: ' ' },
      { kind: 'style', style: 'bold', children: [{ kind: 'text', text: 'b ' }, { kind: 'style', style: 'italic', children: [{ kind: 'text', text: 'c' }] }] },
    ]);
  });

  it('finds every delimiter and honours escaped dollars inside formulas', () => {
    const kinds = parseProse('$$a$$ \\[b\\] \\(c\\) $d \\$ e$').filter((n) => n.kind === 'math');
    expect(kinds.map((n) => (n.kind === 'math' ? [n.tex, n.display] : null))).toEqual([['a', true], ['b', true], ['c', false], ['d \\$ e', false]]);
  });

  it('reads ~ as a tie, but not after a slash (an address like https://example.edu/~ada)', () => {
    expect(parseProse('Fig.~1 at https://example.edu/~ada/x')).toEqual([{ kind: 'text', text: 'Fig.\u00a01 at https://example.edu/~ada/x' }]);
  });

  it('reads an unpaired opener as text', () => {
    expect(parseProse('price $5')).toEqual([{ kind: 'text', text: 'price $5' }]);
    expect(parseProse('\\(x')).toEqual([{ kind: 'text', text: '\\(x' }]);
  });
});

describe('texToPlainText', () => {
  it('reads one formula', () => {
    expect(texToPlainText('\\mathcal{O}(n \\log n)')).toBe('O(n log n)');
    expect(texToPlainText('a \\neq b')).toBe('a ≠ b');
    expect(texToPlainText('')).toBe('');
  });
});
