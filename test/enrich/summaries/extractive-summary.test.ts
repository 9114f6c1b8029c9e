import { describe, expect, it } from 'vitest';
import { extractiveSummary, SUMMARY_CHARS } from '../../../src/enrich/summaries/extractive-summary.js';
import { extractKeywords } from '../../../src/enrich/summaries/keywords.js';
import { splitSentences } from '../../../src/enrich/summaries/sentences.js';
import { insideMath } from '../../../src/domain/teaser.js';

const LARP = {
  title: 'LARP: Language-Agent Role Play for Open-World Games',
  abstract:
    "Language agents have shown impressive problem-solving skills within defined settings and brief timelines. Yet, with the ever-evolving complexities of open-world simulations, there's a pressing need for agents that can flexibly adapt to complex environments and consistently maintain a long-term memory to ensure coherent actions. To bridge the gap between language agents and open-world games, we introduce Language Agent for Role-Playing (LARP), which includes a cognitive architecture that encompasses memory processing and a decision-making assistant, an environment interaction module with a feedback-driven learnable action space, and a postprocessing method that promotes the alignment of various personalities. The LARP framework refines interactions between users and agents, predefined with unique backgrounds and personalities, ultimately enhancing the gaming experience in open-world contexts. The project page is released at https://miao-ai-lab.github.io/LARP/.",
};

describe('sentences', () => {
  it('splits at sentence ends, not after e.g., et al., initials or inside math', () => {
    expect(splitSentences('We follow Smith et al. in this. We use e.g. Adam. The bound is $x. Y$ here. J. Doe agrees.')).toEqual([
      'We follow Smith et al. in this.',
      'We use e.g. Adam.',
      'The bound is $x. Y$ here.',
      'J. Doe agrees.',
    ]);
  });
});

describe('extractive summary', () => {
  it('chooses the contribution, not the background or the project page', () => {
    const s = extractiveSummary(LARP.title, LARP.abstract)!;
    expect(s).toMatch(/^We introduce Language Agent for Role-Playing \(LARP\)/);
    expect(s.length).toBeLessThanOrEqual(SUMMARY_CHARS);
  });

  it('skips a "Recent advances in…" sentence even when it shares the title words', () => {
    const s = extractiveSummary(
      'Sparse Mixture of Experts for Speech Recognition',
      'Recent advances in sparse mixture of experts for speech recognition have shown strong results. However, existing models remain expensive to serve. We propose a router that sends each audio frame to two experts, halving the compute at equal word error rate.',
    );
    expect(s).toBe('We propose a router that sends each audio frame to two experts, halving the compute at equal word error rate.');
  });

  it('drops a leading connective and gives the sentence a capital', () => {
    expect(extractiveSummary('X', 'Background is long and dull here, as usual in these things. To this end, we present a solver for sparse linear systems on GPUs.')).toBe('We present a solver for sparse linear systems on GPUs.');
  });

  it('never cuts inside $…$ math', () => {
    const math = '$\\mathcal{O}(n \\log n + \\sum_{i=1}^{k} \\frac{m_i}{\\epsilon^2} \\cdot \\log \\frac{1}{\\delta})$';
    const abstract = `We propose an estimator whose running time is ${math} in the worst case over all inputs and all parameter settings that we consider in this extended version of the paper, which also covers streaming and distributed variants of the problem in full detail.`;
    const s = extractiveSummary('Fast estimators', abstract)!;
    expect(s.length).toBeLessThanOrEqual(SUMMARY_CHARS + 1);
    expect(insideMath(s, s.length)).toBe(false);
    expect((s.match(/(?<!\\)\$/g) ?? []).length % 2).toBe(0);
    expect(s.endsWith('…')).toBe(true);
  });

  it('keeps hostile HTML as text: nothing is interpreted or dropped', () => {
    const s = extractiveSummary('Attacks', 'We propose <script>alert(1)</script> a defence against <img src=x onerror=alert(1)> injected markup in abstracts.')!;
    expect(s).toContain('<script>alert(1)</script>');
    expect(s).toContain('<img src=x onerror=alert(1)>');
  });

  it('is null without an abstract', () => {
    expect(extractiveSummary('A title', '')).toBeNull();
    expect(extractiveSummary('A title', null)).toBeNull();
  });
});

describe('keywords', () => {
  it('finds 3-8 phrases favouring the title and names, lowercase except acronyms', () => {
    const k = extractKeywords(LARP.title, LARP.abstract);
    expect(k.length).toBeGreaterThanOrEqual(3);
    expect(k.length).toBeLessThanOrEqual(8);
    expect(k).toContain('LARP');
    expect(k).toContain('open-world games');
    for (const w of k) if (w !== 'LARP') expect(w).toBe(w.toLowerCase());
  });

  it('counts plural and singular as one phrase and keeps one', () => {
    const k = extractKeywords('Diffusion Models for Graph Layouts', 'A diffusion model draws graph layouts. Diffusion models are slow; our diffusion model is fast on graph layout benchmarks with LLMs and an LLM.');
    expect(k.filter((w) => /^diffusion models?$/.test(w))).toHaveLength(1);
    expect(k.filter((w) => /^graph layouts?$/.test(w))).toHaveLength(1);
    expect(k.filter((w) => /^LLMs?$/.test(w)).length).toBeLessThanOrEqual(1);
  });

  it('leaves math, URLs and markup out', () => {
    const k = extractKeywords('Perceptual Hashing', 'Perceptual hashing with $\\alpha$-stable noise. See https://example.org/robust for perceptual hashing code. <b>Bold</b> perceptual hashing claims.');
    expect(k.join(' ')).not.toMatch(/alpha|https|example|<|>/);
    expect(k).toContain('perceptual hashing');
  });
});
