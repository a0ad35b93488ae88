import type { Family } from './family.js';
import { gemma, gemma2, llama, mistral, mixtral, qwen2, qwen2Moe, qwen3 } from './llama-family.js';

/** Every model family, registered in one explicit list. */
export const families: readonly Family[] = [llama, mistral, mixtral, qwen2, qwen2Moe, qwen3, gemma, gemma2];
