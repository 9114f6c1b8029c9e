import { describe, expect, it } from 'vitest';
import { githubRepository, githubRepoKey, paperRepositories } from '../../src/domain/paper-links.js';

// Abstract endings copied from ../shared/data/hf-daily-papers.jsonl (real Hugging Face daily papers).
const LONGLM = "We conduct comprehensive experiments on multiple benchmarks and the results show that our SelfExtend can effectively extend existing LLMs' context window length. The code can be found at \\url{https://github.com/datamllab/LongLM}."; // 2401.01325
const LLAVA_PHI = 'It highlights the potential of smaller language models to achieve sophisticated levels of understanding and interaction, while maintaining greater resource efficiency.The project is available at {https://github.com/zhuyiche/llava-phi}.'; // 2401.02330
const E5 = 'Information regarding the model release can be found at https://github.com/microsoft/unilm/tree/master/e5 .'; // 2402.05672
const LIGHT_FORCING = 'Combined with FP8 quantization and LightVAE, Light Forcing further achieves a 2.3times speedup and 19.7\\,FPS on an RTX~5090 GPU. Code will be released at https://github.com/chengtao-lv/LightForcing{https://github.com/chengtao-lv/LightForcing}.'; // 2602.04789
const LARP = 'The project page is released at https://miao-ai-lab.github.io/LARP/.'; // 2312.17653

describe('repositories found in real abstracts', () => {
  it('reads \\url{…}, a braced address, a /tree/ path and a doubled LaTeX link', () => {
    expect(paperRepositories({ abstract: LONGLM, githubUrl: null })).toEqual([{ key: 'datamllab/longlm', url: 'https://github.com/datamllab/LongLM', source: 'abstract' }]);
    expect(paperRepositories({ abstract: LLAVA_PHI, githubUrl: null }).map((r) => r.url)).toEqual(['https://github.com/zhuyiche/llava-phi']);
    expect(paperRepositories({ abstract: E5, githubUrl: null }).map((r) => r.url)).toEqual(['https://github.com/microsoft/unilm']);
    expect(paperRepositories({ abstract: LIGHT_FORCING, githubUrl: null }).map((r) => r.key)).toEqual(['chengtao-lv/lightforcing']);
  });

  it('a project page on github.io is not a repository', () => {
    expect(paperRepositories({ abstract: LARP, githubUrl: null })).toEqual([]);
  });

  it('keeps several repositories per paper with their sources; the stored link first, duplicates once', () => {
    const repos = paperRepositories({
      abstract: `${LONGLM} Baselines: https://github.com/hustvl/Vim and https://github.com/DatamLLab/longlm.git.`,
      comments: '12 pages. Code: https://github.com/OSU-NLP-Group/SeeAct; data at https://github.com/salesforce/LAVIS/blob/main/README.md',
      githubUrl: 'https://github.com/hustvl/Vim',
    });
    expect(repos).toEqual([
      { key: 'hustvl/vim', url: 'https://github.com/hustvl/Vim', source: 'import' },
      { key: 'datamllab/longlm', url: 'https://github.com/datamllab/LongLM', source: 'abstract' },
      { key: 'osu-nlp-group/seeact', url: 'https://github.com/OSU-NLP-Group/SeeAct', source: 'comments' },
      { key: 'salesforce/lavis', url: 'https://github.com/salesforce/LAVIS', source: 'comments' },
    ]);
    expect(paperRepositories({ abstract: null, githubUrl: 'https://github.com/a/b' }, 'submitter')[0]!.source).toBe('submitter');
  });
});

describe('normalising a repository link', () => {
  it.each([
    ['https://github.com/Owner/Repo.git', 'https://github.com/Owner/Repo'],
    ['https://github.com/Owner/Repo/tree/main/src', 'https://github.com/Owner/Repo'],
    ['https://github.com/Owner/Repo/blob/main/README.md#usage', 'https://github.com/Owner/Repo'],
    ['http://www.github.com/Owner/Repo/', 'https://github.com/Owner/Repo'],
    ['https://github.com/Owner/Repo.', 'https://github.com/Owner/Repo'],
    ['https://github.com/Owner/Repo).', 'https://github.com/Owner/Repo'],
    ['https://github.com/Owner/Repo},', 'https://github.com/Owner/Repo'],
    ['https://github.com/ggerganov/llama.cpp', 'https://github.com/ggerganov/llama.cpp'],
    ['https://github.com/Owner/Repo?tab=readme', 'https://github.com/Owner/Repo'],
  ])('%s -> %s', (url, repo) => {
    expect(githubRepository(url)).toBe(repo);
  });

  it.each([
    'https://github.com/features/copilot',
    'https://github.com/orgs/openai/repositories',
    'https://github.com/sponsors/someone',
    'https://gist.github.com/someone/0123456789abcdef',
    'https://github.com/someone',
    'https://github.com/someone/',
    'https://github.com/topics/llm',
    'https://github.com/marketplace/actions/x',
    'https://gitlab.com/owner/repo',
  ])('%s is not a repository', (url) => {
    expect(githubRepository(url)).toBeNull();
  });

  it('keys are case-insensitive', () => {
    expect(githubRepoKey('https://github.com/OpenAI/Whisper')).toBe('openai/whisper');
  });
});
