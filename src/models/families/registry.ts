import { bert, roberta } from './bert.js';
import type { Family } from './family.js';
import { deepseekV2, deepseekV3 } from './deepseek.js';
import { mt5, t5, umt5 } from './t5.js';
import { falcon } from './falcon.js';
import { gpt2 } from './gpt2.js';
import { gptNeox } from './gpt-neox.js';
import { opt } from './opt.js';
import { phi } from './phi.js';
import { gemma, gemma2, llama, mistral, mixtral, qwen2, qwen2Moe, qwen3 } from './llama-family.js';

/** Every model family, registered in one explicit list. */
export const families: readonly Family[] = [bert, roberta, gpt2, gptNeox, opt, t5, mt5, umt5, llama, mistral, mixtral, qwen2, qwen2Moe, qwen3, gemma, gemma2, phi, falcon, deepseekV2, deepseekV3];
