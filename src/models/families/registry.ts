import { albert } from './albert.js';
import { bamba } from './bamba.js';
import { bart, marian, mbart } from './bart.js';
import { bert, roberta, xlmRoberta } from './bert.js';
import { cohere } from './cohere.js';
import { cohere2 } from './cohere2.js';
import { debertaV2 } from './deberta.js';
import { deepseekV2, deepseekV3 } from './deepseek.js';
import { dinov2 } from './dinov2.js';
import { distilbert } from './distilbert.js';
import { dots1 } from './dots1.js';
import { electra } from './electra.js';
import { exaone4 } from './exaone4.js';
import { ernie45 } from './ernie.js';
import { ernie45Moe } from './ernie-moe.js';
import { encoderDecoderFamily } from './encoder-decoder.js';
import { falcon } from './falcon.js';
import { falconH1 } from './falcon-h1.js';
import type { Family } from './family.js';
import { gptNeox } from './gpt-neox.js';
import { bloom, gptBigcode, gptj, gptNeo } from './gpt-variants.js';
import { gpt2 } from './gpt2.js';
import { gptOss } from './gpt-oss.js';
import { granite, granitemoe } from './granite.js';
import { granitemoehybrid } from './granitemoehybrid.js';
import { gemma, gemma2, gemma3Text } from './gemma.js';
import { gemma4Text } from './gemma4-text.js';
import { gemma4 } from './gemma4.js';
import { glm4 } from './glm4.js';
import { hunyuanV1Dense, hunyuanV1Moe } from './hunyuan.js';
import { jamba } from './jamba.js';
import { glm4Moe } from './glm4-moe.js';
import { laguna } from './laguna.js';
import { lfm2 } from './lfm2.js';
import { llama, mistral, mixtral } from './llama.js';
import { llama4Text } from './llama4-text.js';
import { llama4 } from './llama4.js';
import { falconMamba, mamba, mamba2 } from './mamba.js';
import { qwen2, qwen2Moe, qwen3, qwen3Moe } from './qwen.js';
import { qwen35MoeText, qwen35Text } from './qwen3-5-text.js';
import { qwen3Next } from './qwen3-next.js';
import { seedOss } from './seed-oss.js';
import { starcoder2 } from './starcoder2.js';
import { miniMax } from './minimax.js';
import { modernbert } from './modernbert.js';
import { olmo2, olmo3, olmoe } from './olmo.js';
import { opt } from './opt.js';
import { phi, phi3 } from './phi.js';
import { phimoe } from './phimoe.js';
import { smollm3 } from './smollm3.js';
import { nemotron } from './nemotron.js';
import { mt5, t5, umt5 } from './t5.js';
import { clip, siglip, siglip2 } from './towers.js';
import { swin } from './swin.js';
import { gemma3, llava } from './vision-language.js';
import { llavaNext, llavaOnevision } from './llava-next.js';
import { paligemma } from './paligemma.js';
import { mistral3 } from './mistral3.js';
import { idefics3, smolvlm } from './idefics3.js';
import { internvl } from './internvl.js';
import { qwen2Vl, qwen2VlText, qwen25Vl, qwen25VlText } from './qwen-vl.js';
import { qwen3Vl, qwen3VlMoe, qwen3VlMoeText, qwen3VlText } from './qwen3-vl.js';
import { qwen35, qwen35Moe } from './qwen3-5-vl.js';
import { vit } from './vit.js';
import { hubert, wav2vec2 } from './wav2vec2.js';
import { whisper } from './whisper.js';
import { zamba2 } from './zamba2.js';

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
  wav2vec2,
  hubert,
  llama,
  mistral,
  mixtral,
  qwen2,
  qwen2Moe,
  qwen3,
  qwen3Moe,
  qwen3Next,
  qwen35Text,
  qwen35MoeText,
  lfm2,
  miniMax,
  qwen25VlText,
  qwen2VlText,
  qwen3VlText,
  qwen3VlMoeText,
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
  mamba,
  falconMamba,
  mamba2,
  jamba,
  bamba,
  zamba2,
  granitemoehybrid,
  falconH1,
  falcon,
  deepseekV2,
  deepseekV3,
  vit,
  dinov2,
  swin,
  clip,
  siglip,
  siglip2,
  // These compose families above, so they find them through the list itself.
  encoderDecoderFamily(() => families),
  llava(() => families),
  gemma3(() => families),
  llavaNext(() => families),
  llavaOnevision(() => families),
  paligemma(() => families),
  mistral3(() => families),
  idefics3(() => families),
  smolvlm(() => families),
  internvl(() => families),
  qwen25Vl(() => families),
  qwen2Vl(() => families),
  qwen3Vl(() => families),
  qwen3VlMoe(() => families),
  qwen35(() => families),
  qwen35Moe(() => families),
  gemma4(() => families),
  llama4(() => families),
];
