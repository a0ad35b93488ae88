import type { TargetModules } from './lora-match.js';

const names = (...list: string[]): TargetModules => ({ kind: 'names', names: list });

/**
 * The modules LoRA adapts when `target_modules` is not given, by `model_type`: PEFT's table
 * (peft/utils/constants.py, `TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING`), which
 * `_prepare_adapter_config` reads; a type it lacks must name its targets. Mostly the query and
 * value projections, as the LoRA paper adapted them (Hu et al. 2021, §7.1).
 */
export const peftDefaultTargets: Readonly<Record<string, TargetModules>> = {
  t5: names('q', 'v'),
  mt5: names('q', 'v'),
  bart: names('q_proj', 'v_proj'),
  gpt2: names('c_attn'),
  bloom: names('query_key_value'),
  'blip-2': names('q', 'v', 'q_proj', 'v_proj'),
  opt: names('q_proj', 'v_proj'),
  gptj: names('q_proj', 'v_proj'),
  gpt_neox: names('query_key_value'),
  gpt_neo: names('q_proj', 'v_proj'),
  bert: names('query', 'value'),
  roberta: names('query', 'value'),
  'xlm-roberta': names('query', 'value'),
  electra: names('query', 'value'),
  'deberta-v2': names('query_proj', 'value_proj'),
  deberta: names('in_proj'),
  layoutlm: names('query', 'value'),
  llama: names('q_proj', 'v_proj'),
  llama4: names('q_proj', 'v_proj'),
  chatglm: names('query_key_value'),
  gpt_bigcode: names('c_attn'),
  mpt: names('Wqkv'),
  RefinedWebModel: names('query_key_value'),
  RefinedWeb: names('query_key_value'),
  falcon: names('query_key_value'),
  btlm: names('c_proj', 'c_attn'),
  codegen: names('qkv_proj'),
  mistral: names('q_proj', 'v_proj'),
  mixtral: names('q_proj', 'v_proj'),
  stablelm: names('q_proj', 'v_proj'),
  phi: names('q_proj', 'v_proj', 'fc1', 'fc2'),
  gemma: names('q_proj', 'v_proj'),
  gemma2: names('q_proj', 'v_proj'),
  gemma3_text: names('q_proj', 'v_proj'),
  gemma4: { kind: 'regex', pattern: String.raw`.*language_model\..*\.(q_proj|v_proj)` },
  qwen2: names('q_proj', 'v_proj'),
  qwen3: names('q_proj', 'v_proj'),
  nemotron_h: names('q_proj', 'k_proj', 'v_proj', 'o_proj'),
  rwkv: names('key', 'value', 'receptance', 'output'),
  rwkv7: names('r_proj', 'k_proj', 'v_proj', 'o_proj', 'key', 'value'),
};
