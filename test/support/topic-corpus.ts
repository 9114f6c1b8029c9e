import type { PaperRecord } from '../../src/domain/paper.js';
import { seededRandom } from '../../src/search/random.js';
import { buildRecord } from './factories.js';

/**
 * A small corpus with topics, for tests of search by meaning: each topic's papers share a
 * vocabulary, sentences recombined with a seeded PRNG, so a model trained on it learns which
 * words keep company. Ids are 2601.TTNNN (TT = topic number, NNN = paper number).
 */
const TOPICS: { name: string; category: string; titles: string[]; sentences: string[] }[] = [
  {
    name: 'grasping', category: 'cs.RO',
    titles: ['Gripper control for cluttered bins', 'Learning grasp poses for household objects', 'Tactile sensing for a manipulator arm', 'Dexterous grasping with a five finger gripper'],
    sentences: [
      'The robot arm picks objects from a cluttered bin with a parallel gripper.',
      'A manipulator arm learns grasp poses from tactile sensing and depth cameras.',
      'Our gripper grasps household objects and places them on a shelf.',
      'The robot uses finger contact forces to keep the grasp stable while lifting.',
      'We evaluate the manipulator on pick and place tasks with unseen objects.',
    ],
  },
  {
    name: 'image generation', category: 'cs.CV',
    titles: ['Text to image diffusion at high resolution', 'Image synthesis from captions', 'Editing generated images with prompts', 'Faster sampling for image diffusion'],
    sentences: [
      'The diffusion model generates an image from a text caption at high resolution.',
      'We synthesize photorealistic images that follow the prompt closely.',
      'Image generation quality is measured with human preference studies.',
      'Denoising steps turn random noise into a detailed image of the scene described.',
      'Users edit generated images by changing words in the prompt.',
    ],
  },
  {
    name: 'speech', category: 'eess.AS',
    titles: ['Speech recognition for low resource languages', 'Transcribing accented speech', 'Streaming speech recognition on phones', 'Self supervised audio encoders for transcription'],
    sentences: [
      'The acoustic model transcribes speech in languages with little labeled audio.',
      'Word error rate drops when the audio encoder is pretrained on untranscribed speech.',
      'We transcribe accented speech recorded with phone microphones.',
      'Streaming recognition emits words while the speaker is still talking.',
      'Spoken utterances are converted to text by an encoder and a decoder.',
    ],
  },
  {
    name: 'proteins', category: 'q-bio.BM',
    titles: ['Protein structure prediction from sequence', 'Folding proteins with geometric networks', 'Designing enzymes with generative models', 'Predicting binding sites of proteins'],
    sentences: [
      'The network predicts the folded structure of a protein from its amino acid sequence.',
      'Residue contacts and torsion angles describe the protein backbone.',
      'We design enzymes whose folded structure binds a target molecule.',
      'Binding sites on the protein surface are predicted from residue geometry.',
      'Amino acid sequences from many species constrain the predicted fold.',
    ],
  },
  {
    name: 'agents', category: 'cs.CL',
    titles: ['Language agents that use web browsers', 'Planning with tool calls in language agents', 'Memory for long running assistant agents', 'Agents that write and run code'],
    sentences: [
      'The language agent plans tool calls to browse websites and fill forms.',
      'An assistant agent keeps a memory of earlier steps across long tasks.',
      'Agents write code, run it, and read the errors to fix their plans.',
      'Tool use lets the agent query search engines and calculators.',
      'We benchmark agents on multi step web tasks with delayed rewards.',
    ],
  },
];

export const TOPIC_PAPERS_EACH = 8;

/** Topic t (0-based), paper n (0-based) -> its arXiv id. */
export function topicId(t: number, n: number): string {
  return `2601.${String(t + 1).padStart(2, '0')}${String(n + 1).padStart(3, '0')}`;
}

export function topicOf(id: string): number {
  return Number(id.slice(5, 7)) - 1;
}

/** The corpus as import records (feed days spread over January 2026). */
export function topicCorpus(): PaperRecord[] {
  const random = seededRandom(42);
  return TOPICS.flatMap((topic, t) =>
    Array.from({ length: TOPIC_PAPERS_EACH }, (_, n) => {
      const sentences = [...topic.sentences].sort(() => random() - 0.5).slice(0, 3);
      return buildRecord({
        id: topicId(t, n),
        title: `${topic.titles[n % topic.titles.length]!}${n >= topic.titles.length ? ' revisited' : ''}`,
        abstract: sentences.join(' '),
        categories: [topic.category],
        dailyAt: `2026-01-${String(5 + n).padStart(2, '0')}T10:00:00.000Z`,
      });
    }),
  );
}
