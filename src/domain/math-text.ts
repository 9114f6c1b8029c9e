/**
 * LaTeX to readable plain text, for mail subjects, plain-text parts and feeds where no math
 * renderer runs: `$\mathcal{O}(n^2)$` -> `O(n²)`, `$\alpha$-divergence` -> `α-divergence`.
 * Unknown commands keep their name without the backslash; nothing throws.
 */
const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ',
  phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π',
  Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼',
  simeq: '≃', equiv: '≡', propto: '∝', to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', mapsto: '↦', infty: '∞',
  times: '×', cdot: '·', pm: '±', mp: '∓', div: '÷', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩',
  forall: '∀', exists: '∃', nabla: '∇', partial: '∂', sum: 'Σ', prod: 'Π', int: '∫', sqrt: '√', ell: 'ℓ', log: 'log',
  exp: 'exp', sin: 'sin', cos: 'cos', max: 'max', min: 'min', arg: 'arg', ldots: '…', cdots: '⋯', dots: '…', circ: '∘',
  star: '⋆', ast: '∗', langle: '⟨', rangle: '⟩', top: '⊤', dagger: '†', emptyset: '∅', mid: '|', '%': '%', '&': '&', '#': '#',
  _: '_', '$': '$', '{': '{', '}': '}', ',': ' ', ';': ' ', quad: ' ', qquad: '  ', '!': '',
};
const SUPERSCRIPTS: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ' };
const SUBSCRIPTS: Record<string, string> = { '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋' };

export function mathToPlainText(text: string): string {
  return text
    .replace(/\\\$/g, '\u0000')
    .replace(/\$\$?([^$]*)\$\$?/g, (_, tex: string) => texToText(tex))
    .replace(/\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g, (_, a: string | undefined, b: string | undefined) => texToText(a ?? b ?? ''))
    .replace(/\\(?:textbf|textit|emph|texttt|textsc|textrm)\{([^{}]*)\}/g, '$1')
    .replace(/\u0000/g, '$')
    .replace(/\s+/g, ' ')
    .trim();
}

function texToText(tex: string): string {
  let s = tex
    .replace(/\\(?:mathcal|mathbf|mathrm|mathit|mathsf|mathtt|mathbb|boldsymbol|bm|text|textbf|textit|operatorname|emph|mbox)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '($1)/($2)')
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, '√($1)')
    .replace(/\\(left|right|big|Big|bigg|Bigg)\b/g, '')
    .replace(/\\([A-Za-z]+|[%&#_${},;!])/g, (_, name: string) => SYMBOLS[name] ?? name);
  s = s.replace(/\^\{([^{}]*)\}|\^(.)/g, (m, group: string | undefined, one: string | undefined) => mapScript(group ?? one ?? '', SUPERSCRIPTS, '^', m));
  s = s.replace(/_\{([^{}]*)\}|_(.)/g, (m, group: string | undefined, one: string | undefined) => mapScript(group ?? one ?? '', SUBSCRIPTS, '_', m));
  return s.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}

/** x^{12} -> x¹²  when every character has a Unicode script form; otherwise x^(12). */
function mapScript(body: string, table: Record<string, string>, mark: string, original: string): string {
  const chars = [...body];
  if (chars.length > 0 && chars.every((c) => table[c])) return chars.map((c) => table[c]).join('');
  if (original.length <= 2) return original;
  return `${mark}(${body})`;
}
