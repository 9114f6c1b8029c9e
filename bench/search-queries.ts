/** 55 queries heavy in the common terms of ML abstracts: the slow case for every engine. */
export const COMMON_QUERIES = [
  'large language model agents', 'large language models', 'language model', 'diffusion models', 'reinforcement learning', 'vision language model',
  'transformer attention', 'efficient inference', 'multimodal reasoning', 'benchmark evaluation', 'image generation', 'video generation',
  'instruction tuning', 'chain of thought reasoning', 'retrieval augmented generation', 'code generation', 'mixture of experts', 'state space models',
  'long context', 'speech recognition', 'text to image', 'fine tuning', 'parameter efficient fine tuning', 'knowledge distillation', 'model compression',
  'quantization', 'robot manipulation', 'autonomous driving', 'graph neural networks', 'federated learning', 'contrastive learning', 'self supervised learning',
  'in context learning', 'preference optimization', 'reward model', 'hallucination', 'safety alignment', 'jailbreak attacks', 'tool use', 'planning agents',
  'mathematical reasoning', 'open source model', 'training data', 'scaling laws', 'visual question answering', 'point cloud', '3d reconstruction',
  'neural radiance fields', 'medical imaging', 'protein structure', 'time series forecasting', 'recommendation systems', 'machine translation', 'question answering',
  'sparse attention',
];

