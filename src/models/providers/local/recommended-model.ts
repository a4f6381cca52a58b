/**
 * The model Redline downloads when nothing else is configured: small enough for a laptop CPU
 * (1.5B parameters, 4-bit), instruction-tuned, Apache-2.0.
 */
export const RECOMMENDED_MODEL = {
  id: 'qwen2.5-1.5b-instruct',
  uri: 'hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf',
  label: 'Qwen2.5-1.5B-Instruct',
  license: 'Apache-2.0',
  sizeBytesApprox: 1_120_000_000,
  /** Stored under this exact name in modelsDir, so setup() can check for it without network or globbing. */
  fileName: 'qwen2.5-1.5b-instruct-q4_k_m.gguf',
} as const;

/** Human label for a model reference in messages: the recommended model's name, else the reference itself. */
export function modelLabel(modelRef: string): string {
  return modelRef === RECOMMENDED_MODEL.uri ? RECOMMENDED_MODEL.label : modelRef;
}
