import { albert } from './albert.js';
import { bart, marian, mbart } from './bart.js';
import { bert, roberta, xlmRoberta } from './bert.js';
import { cohere } from './cohere.js';
import { cohere2 } from './cohere2.js';
import { debertaV2 } from './deberta.js';
import { deepseekV2, deepseekV3 } from './deepseek.js';
import { distilbert } from './distilbert.js';
import { dots1 } from './dots1.js';
import { electra } from './electra.js';
import { exaone4 } from './exaone4.js';
import { ernie45 } from './ernie.js';
import { ernie45Moe } from './ernie-moe.js';
import { encoderDecoderFamily } from './encoder-decoder.js';
import { falcon } from './falcon.js';
import type { Family } from './family.js';
import { gptNeox } from './gpt-neox.js';
import { bloom, gptBigcode, gptj, gptNeo } from './gpt-variants.js';
import { gpt2 } from './gpt2.js';
import { gptOss } from './gpt-oss.js';
import { granite, granitemoe } from './granite.js';
import { gemma, gemma2, gemma3Text } from './gemma.js';
import { gemma4Text } from './gemma4-text.js';
import { gemma4 } from './gemma4.js';
import { glm4 } from './glm4.js';
import { hunyuanV1Dense, hunyuanV1Moe } from './hunyuan.js';
import { glm4Moe } from './glm4-moe.js';
import { laguna } from './laguna.js';
import { llama, mistral, mixtral } from './llama.js';
import { llama4Text } from './llama4-text.js';
import { qwen2, qwen2Moe, qwen3, qwen3Moe } from './qwen.js';
import { seedOss } from './seed-oss.js';
import { starcoder2 } from './starcoder2.js';
import { modernbert } from './modernbert.js';
import { olmo2, olmo3, olmoe } from './olmo.js';
import { opt } from './opt.js';
import { phi, phi3 } from './phi.js';
import { phimoe } from './phimoe.js';
import { smollm3 } from './smollm3.js';
import { nemotron } from './nemotron.js';
import { mt5, t5, umt5 } from './t5.js';
import { clip, siglip } from './towers.js';
import { gemma3, llava } from './vision-language.js';
import { vit } from './vit.js';
import { whisper } from './whisper.js';

/** Every model family, registered in one explicit list (encoders, GPT lineage, encoder-decoders, Llama lineage, others). */
export const families: readonly Family[] = [
  bert,
  roberta,
  xlmRoberta,
  distilbert,
  albert,
  electra,
  debertaV2,
  modernbert,
  gpt2,
  gptNeo,
  gptj,
  gptBigcode,
  gptNeox,
  bloom,
  opt,
  t5,
  mt5,
  umt5,
  bart,
  mbart,
  marian,
  whisper,
  llama,
  mistral,
  mixtral,
  qwen2,
  qwen2Moe,
  qwen3,
  qwen3Moe,
  gemma,
  gemma2,
  gemma3Text,
  gemma4Text,
  starcoder2,
  olmo2,
  olmoe,
  olmo3,
  granite,
  granitemoe,
  cohere,
  cohere2,
  gptOss,
  phimoe,
  phi,
  phi3,
  glm4,
  smollm3,
  exaone4,
  seedOss,
  ernie45,
  ernie45Moe,
  hunyuanV1Dense,
  hunyuanV1Moe,
  nemotron,
  laguna,
  llama4Text,
  glm4Moe,
  dots1,
  falcon,
  deepseekV2,
  deepseekV3,
  vit,
  clip,
  siglip,
  // These compose families above, so they find them through the list itself.
  encoderDecoderFamily(() => families),
  llava(() => families),
  gemma3(() => families),
  gemma4(() => families),
];
