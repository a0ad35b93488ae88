import { describe, expect, it } from 'vitest';
import { expectedParameters } from '../../src/analysis/verify.js';
import { loadModel } from '../../src/models/load-model.js';
import { composeModel } from '../../src/models/spec/compose.js';

// The parameter names transformers saves for one layer of each class (its modeling_*.py module
// attributes, as in the public checkpoints' safetensors headers): `{…}` lists alternatives.
const cases: Array<{ name: string; config: Record<string, unknown>; names: string[] }> = [
  {
    name: 'OLMo 2',
    config: {
      architectures: ['Olmo2ForCausalLM'],
      model_type: 'olmo2',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      vocab_size: 50,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      'lm_head.weight',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj', 'q_norm', 'k_norm'].map(
        (m) => `model.layers.0.self_attn.${m}.weight`,
      ),
      ...['gate_proj', 'up_proj', 'down_proj'].map((m) => `model.layers.0.mlp.${m}.weight`),
      'model.layers.0.post_attention_layernorm.weight',
      'model.layers.0.post_feedforward_layernorm.weight',
    ],
  },
  {
    name: 'Phi-2',
    config: {
      architectures: ['PhiForCausalLM'],
      model_type: 'phi',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      vocab_size: 50,
    },
    names: [
      'model.embed_tokens.weight',
      'lm_head.weight',
      'lm_head.bias',
      'model.final_layernorm.weight',
      'model.final_layernorm.bias',
      ...['q_proj', 'k_proj', 'v_proj', 'dense'].flatMap((m) => [
        `model.layers.0.self_attn.${m}.weight`,
        `model.layers.0.self_attn.${m}.bias`,
      ]),
      ...['fc1', 'fc2'].flatMap((m) => [
        `model.layers.0.mlp.${m}.weight`,
        `model.layers.0.mlp.${m}.bias`,
      ]),
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.input_layernorm.bias',
    ],
  },
  {
    // PhiAttention's qk_layernorm: q_layernorm and k_layernorm, LayerNorms over one head
    // (modeling_phi.py; vLLM's phi.py loads the same names).
    name: 'Phi with qk_layernorm',
    config: {
      architectures: ['PhiForCausalLM'],
      model_type: 'phi',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      vocab_size: 50,
      qk_layernorm: true,
    },
    names: [
      'model.embed_tokens.weight',
      'lm_head.weight',
      'lm_head.bias',
      'model.final_layernorm.weight',
      'model.final_layernorm.bias',
      ...['q_proj', 'k_proj', 'v_proj', 'dense', 'q_layernorm', 'k_layernorm'].flatMap((m) => [
        `model.layers.0.self_attn.${m}.weight`,
        `model.layers.0.self_attn.${m}.bias`,
      ]),
      ...['fc1', 'fc2'].flatMap((m) => [
        `model.layers.0.mlp.${m}.weight`,
        `model.layers.0.mlp.${m}.bias`,
      ]),
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.input_layernorm.bias',
    ],
  },
  {
    name: 'GPT-J',
    config: {
      architectures: ['GPTJForCausalLM'],
      model_type: 'gptj',
      n_embd: 64,
      n_layer: 1,
      n_head: 4,
      vocab_size: 50,
      n_positions: 32,
    },
    names: [
      'transformer.wte.weight',
      'transformer.ln_f.weight',
      'transformer.ln_f.bias',
      'lm_head.weight',
      'lm_head.bias',
      'transformer.h.0.ln_1.weight',
      'transformer.h.0.ln_1.bias',
      ...['q_proj', 'k_proj', 'v_proj', 'out_proj'].map((m) => `transformer.h.0.attn.${m}.weight`),
      ...['fc_in', 'fc_out'].flatMap((m) => [
        `transformer.h.0.mlp.${m}.weight`,
        `transformer.h.0.mlp.${m}.bias`,
      ]),
    ],
  },
  {
    name: 'BLOOM',
    config: {
      architectures: ['BloomForCausalLM'],
      model_type: 'bloom',
      hidden_size: 64,
      n_layer: 1,
      n_head: 4,
      vocab_size: 50,
    },
    names: [
      'transformer.word_embeddings.weight',
      ...[
        'word_embeddings_layernorm',
        'ln_f',
        'h.0.input_layernorm',
        'h.0.post_attention_layernorm',
        'h.0.self_attention.query_key_value',
        'h.0.self_attention.dense',
        'h.0.mlp.dense_h_to_4h',
        'h.0.mlp.dense_4h_to_h',
      ].flatMap((m) => [`transformer.${m}.weight`, `transformer.${m}.bias`]),
    ],
  },
  {
    name: 'Mixtral',
    config: {
      architectures: ['MixtralForCausalLM'],
      model_type: 'mixtral',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      num_local_experts: 2,
      vocab_size: 50,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      'lm_head.weight',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map(
        (m) => `model.layers.0.self_attn.${m}.weight`,
      ),
      'model.layers.0.block_sparse_moe.gate.weight',
      ...[0, 1].flatMap((e) =>
        ['w1', 'w2', 'w3'].map((w) => `model.layers.0.block_sparse_moe.experts.${e}.${w}.weight`),
      ),
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
    ],
  },
  {
    name: 'Granite',
    config: {
      architectures: ['GraniteForCausalLM'],
      model_type: 'granite',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      vocab_size: 50,
      tie_word_embeddings: true,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map(
        (m) => `model.layers.0.self_attn.${m}.weight`,
      ),
      ...['gate_proj', 'up_proj', 'down_proj'].map((m) => `model.layers.0.mlp.${m}.weight`),
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
    ],
  },
  {
    name: 'BART (BartModel)',
    config: {
      architectures: ['BartModel'],
      model_type: 'bart',
      d_model: 32,
      encoder_layers: 1,
      decoder_layers: 1,
      encoder_attention_heads: 4,
      decoder_attention_heads: 4,
      encoder_ffn_dim: 64,
      decoder_ffn_dim: 64,
      vocab_size: 50,
      max_position_embeddings: 16,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const attention = (p: string) =>
        ['q_proj', 'k_proj', 'v_proj', 'out_proj'].flatMap((m) => both(`${p}.${m}`));
      const layer = (side: string, cross: boolean) => [
        ...attention(`${side}.layers.0.self_attn`),
        ...both(`${side}.layers.0.self_attn_layer_norm`),
        ...(cross
          ? [
              ...attention(`${side}.layers.0.encoder_attn`),
              ...both(`${side}.layers.0.encoder_attn_layer_norm`),
            ]
          : []),
        ...both(`${side}.layers.0.fc1`),
        ...both(`${side}.layers.0.fc2`),
        ...both(`${side}.layers.0.final_layer_norm`),
      ];
      return [
        'shared.weight',
        ...['encoder', 'decoder'].flatMap((side) => [
          `${side}.embed_positions.weight`,
          ...both(`${side}.layernorm_embedding`),
          ...layer(side, side === 'decoder'),
        ]),
      ];
    })(),
  },
  {
    name: 'Whisper',
    config: {
      architectures: ['WhisperForConditionalGeneration'],
      model_type: 'whisper',
      d_model: 32,
      encoder_layers: 1,
      decoder_layers: 1,
      encoder_attention_heads: 4,
      decoder_attention_heads: 4,
      encoder_ffn_dim: 64,
      decoder_ffn_dim: 64,
      vocab_size: 50,
      num_mel_bins: 8,
      max_source_positions: 20,
      max_target_positions: 16,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      // Whisper's k_proj has no bias.
      const attention = (p: string) => [
        ...both(`${p}.q_proj`),
        `${p}.k_proj.weight`,
        ...both(`${p}.v_proj`),
        ...both(`${p}.out_proj`),
      ];
      const layer = (side: string, cross: boolean) => [
        ...attention(`model.${side}.layers.0.self_attn`),
        ...both(`model.${side}.layers.0.self_attn_layer_norm`),
        ...(cross
          ? [
              ...attention(`model.${side}.layers.0.encoder_attn`),
              ...both(`model.${side}.layers.0.encoder_attn_layer_norm`),
            ]
          : []),
        ...both(`model.${side}.layers.0.fc1`),
        ...both(`model.${side}.layers.0.fc2`),
        ...both(`model.${side}.layers.0.final_layer_norm`),
      ];
      return [
        ...both('model.encoder.conv1'),
        ...both('model.encoder.conv2'),
        'model.encoder.embed_positions.weight',
        ...layer('encoder', false),
        ...both('model.encoder.layer_norm'),
        'model.decoder.embed_tokens.weight',
        'model.decoder.embed_positions.weight',
        ...layer('decoder', true),
        ...both('model.decoder.layer_norm'),
      ];
    })(),
  },
  {
    name: 'OPT (350m-style: projections in and out, norm after)',
    config: {
      architectures: ['OPTForCausalLM'],
      model_type: 'opt',
      hidden_size: 64,
      word_embed_proj_dim: 32,
      ffn_dim: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      vocab_size: 50,
      max_position_embeddings: 16,
      do_layer_norm_before: false,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const l = 'model.decoder.layers.0';
      return [
        'model.decoder.embed_tokens.weight',
        'model.decoder.embed_positions.weight',
        'model.decoder.project_in.weight',
        'model.decoder.project_out.weight',
        ...['q_proj', 'k_proj', 'v_proj', 'out_proj'].flatMap((m) => both(`${l}.self_attn.${m}`)),
        ...both(`${l}.self_attn_layer_norm`),
        ...both(`${l}.fc1`),
        ...both(`${l}.fc2`),
        ...both(`${l}.final_layer_norm`),
      ];
    })(),
  },
  {
    name: 'DeepSeek-V3 (a dense layer, then a MoE layer numbered on from it)',
    config: {
      architectures: ['DeepseekV3ForCausalLM'],
      model_type: 'deepseek_v3',
      hidden_size: 64,
      intermediate_size: 128,
      moe_intermediate_size: 32,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      vocab_size: 50,
      n_routed_experts: 2,
      n_shared_experts: 1,
      first_k_dense_replace: 1,
      kv_lora_rank: 8,
      q_lora_rank: 8,
      qk_nope_head_dim: 8,
      qk_rope_head_dim: 8,
      v_head_dim: 8,
    },
    names: ((): string[] => {
      const attention = (i: number) =>
        [
          'q_a_proj',
          'q_a_layernorm',
          'q_b_proj',
          'kv_a_proj_with_mqa',
          'kv_a_layernorm',
          'kv_b_proj',
          'o_proj',
        ].map((m) => `model.layers.${i}.self_attn.${m}.weight`);
      const norms = (i: number) => [
        `model.layers.${i}.input_layernorm.weight`,
        `model.layers.${i}.post_attention_layernorm.weight`,
      ];
      const mlp = (p: string) =>
        ['gate_proj', 'up_proj', 'down_proj'].map((m) => `${p}.${m}.weight`);
      return [
        'model.embed_tokens.weight',
        'model.norm.weight',
        'lm_head.weight',
        ...attention(0),
        ...norms(0),
        ...mlp('model.layers.0.mlp'),
        ...attention(1),
        ...norms(1),
        'model.layers.1.mlp.gate.weight',
        ...mlp('model.layers.1.mlp.experts.0'),
        ...mlp('model.layers.1.mlp.experts.1'),
        ...mlp('model.layers.1.mlp.shared_experts'),
      ];
    })(),
  },
  {
    name: 'Qwen2-MoE (every layer sparse)',
    config: {
      architectures: ['Qwen2MoeForCausalLM'],
      model_type: 'qwen2_moe',
      hidden_size: 64,
      intermediate_size: 128,
      moe_intermediate_size: 32,
      shared_expert_intermediate_size: 32,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      vocab_size: 50,
      num_experts: 2,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      'lm_head.weight',
      ...['q_proj', 'k_proj', 'v_proj'].flatMap((m) => [
        `model.layers.0.self_attn.${m}.weight`,
        `model.layers.0.self_attn.${m}.bias`,
      ]),
      'model.layers.0.self_attn.o_proj.weight',
      'model.layers.0.mlp.gate.weight',
      'model.layers.0.mlp.shared_expert_gate.weight',
      ...['experts.0', 'experts.1', 'shared_expert'].flatMap((e) =>
        ['gate_proj', 'up_proj', 'down_proj'].map((m) => `model.layers.0.mlp.${e}.${m}.weight`),
      ),
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
    ],
  },
  {
    name: 'GPT-Neo (GPTNeoAttention wraps its self-attention as attn.attention)',
    config: {
      architectures: ['GPTNeoForCausalLM'],
      model_type: 'gpt_neo',
      hidden_size: 64,
      num_layers: 1,
      num_heads: 4,
      vocab_size: 50,
      max_position_embeddings: 16,
      attention_types: [[['global'], 1]],
    },
    names: [
      'transformer.wte.weight',
      'transformer.wpe.weight',
      'transformer.ln_f.weight',
      'transformer.ln_f.bias',
      'transformer.h.0.ln_1.weight',
      'transformer.h.0.ln_1.bias',
      'transformer.h.0.ln_2.weight',
      'transformer.h.0.ln_2.bias',
      ...['q_proj', 'k_proj', 'v_proj', 'out_proj'].map(
        (m) => `transformer.h.0.attn.attention.${m}.weight`,
      ),
      'transformer.h.0.attn.attention.out_proj.bias',
      ...['c_fc', 'c_proj'].flatMap((m) => [
        `transformer.h.0.mlp.${m}.weight`,
        `transformer.h.0.mlp.${m}.bias`,
      ]),
    ],
  },
  {
    name: 'StarCoder2 (c_fc/c_proj MLP, biases everywhere)',
    config: {
      architectures: ['Starcoder2ForCausalLM'],
      model_type: 'starcoder2',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      vocab_size: 50,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      'model.norm.bias',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].flatMap((m) => [
        `model.layers.0.self_attn.${m}.weight`,
        `model.layers.0.self_attn.${m}.bias`,
      ]),
      ...['c_fc', 'c_proj'].flatMap((m) => [
        `model.layers.0.mlp.${m}.weight`,
        `model.layers.0.mlp.${m}.bias`,
      ]),
      ...['input_layernorm', 'post_attention_layernorm'].flatMap((m) => [
        `model.layers.0.${m}.weight`,
        `model.layers.0.${m}.bias`,
      ]),
    ],
  },
  {
    name: 'T5 (sublayers in block.N.layer.K, the relative bias in the first block only)',
    config: {
      architectures: ['T5ForConditionalGeneration'],
      model_type: 't5',
      d_model: 32,
      d_kv: 8,
      d_ff: 64,
      num_layers: 1,
      num_heads: 4,
      vocab_size: 50,
    },
    names: [
      'shared.weight',
      ...['encoder', 'decoder'].flatMap((side) => [
        ...['q', 'k', 'v', 'o'].map((m) => `${side}.block.0.layer.0.SelfAttention.${m}.weight`),
        `${side}.block.0.layer.0.SelfAttention.relative_attention_bias.weight`,
        `${side}.block.0.layer.0.layer_norm.weight`,
        ...(side === 'decoder'
          ? [
              ...['q', 'k', 'v', 'o'].map(
                (m) => `decoder.block.0.layer.1.EncDecAttention.${m}.weight`,
              ),
              'decoder.block.0.layer.1.layer_norm.weight',
            ]
          : []),
        ...['wi', 'wo'].map(
          (m) => `${side}.block.0.layer.${side === 'decoder' ? 2 : 1}.DenseReluDense.${m}.weight`,
        ),
        `${side}.block.0.layer.${side === 'decoder' ? 2 : 1}.layer_norm.weight`,
        `${side}.final_layer_norm.weight`,
      ]),
    ],
  },
  {
    name: 'CLIP (two towers, projections and logit_scale)',
    config: {
      architectures: ['CLIPModel'],
      model_type: 'clip',
      projection_dim: 16,
      text_config: {
        hidden_size: 32,
        intermediate_size: 64,
        num_hidden_layers: 1,
        num_attention_heads: 4,
        vocab_size: 50,
        max_position_embeddings: 8,
      },
      vision_config: {
        hidden_size: 32,
        intermediate_size: 64,
        num_hidden_layers: 1,
        num_attention_heads: 4,
        image_size: 32,
        patch_size: 16,
      },
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const layer = (tower: string) => [
        ...['q_proj', 'k_proj', 'v_proj', 'out_proj'].flatMap((m) =>
          both(`${tower}.encoder.layers.0.self_attn.${m}`),
        ),
        ...both(`${tower}.encoder.layers.0.layer_norm1`),
        ...both(`${tower}.encoder.layers.0.mlp.fc1`),
        ...both(`${tower}.encoder.layers.0.mlp.fc2`),
        ...both(`${tower}.encoder.layers.0.layer_norm2`),
      ];
      return [
        'text_model.embeddings.token_embedding.weight',
        'text_model.embeddings.position_embedding.weight',
        ...layer('text_model'),
        ...both('text_model.final_layer_norm'),
        'vision_model.embeddings.class_embedding',
        'vision_model.embeddings.patch_embedding.weight',
        'vision_model.embeddings.position_embedding.weight',
        ...both('vision_model.pre_layrnorm'),
        ...layer('vision_model'),
        ...both('vision_model.post_layernorm'),
        'visual_projection.weight',
        'text_projection.weight',
        'logit_scale',
      ];
    })(),
  },
  {
    name: 'ModernBERT (layer 0 has no attention norm of its own)',
    config: {
      architectures: ['ModernBertModel'],
      model_type: 'modernbert',
      hidden_size: 32,
      intermediate_size: 48,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      vocab_size: 50,
    },
    names: [
      'embeddings.tok_embeddings.weight',
      'embeddings.norm.weight',
      'final_norm.weight',
      'layers.1.attn_norm.weight',
      ...[0, 1].flatMap((i) =>
        ['attn.Wqkv', 'attn.Wo', 'mlp_norm', 'mlp.Wi', 'mlp.Wo'].map(
          (m) => `layers.${i}.${m}.weight`,
        ),
      ),
    ],
  },
  {
    name: 'ALBERT (one shared group of layers, a factorized embedding)',
    config: {
      architectures: ['AlbertModel'],
      model_type: 'albert',
      hidden_size: 32,
      embedding_size: 16,
      num_hidden_layers: 3,
      num_attention_heads: 4,
      intermediate_size: 64,
      vocab_size: 50,
      max_position_embeddings: 16,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const layer = 'encoder.albert_layer_groups.0.albert_layers.0';
      return [
        'embeddings.word_embeddings.weight',
        'embeddings.position_embeddings.weight',
        'embeddings.token_type_embeddings.weight',
        ...both('embeddings.LayerNorm'),
        ...both('encoder.embedding_hidden_mapping_in'),
        ...['query', 'key', 'value', 'dense', 'LayerNorm'].flatMap((m) =>
          both(`${layer}.attention.${m}`),
        ),
        ...both(`${layer}.ffn`),
        ...both(`${layer}.ffn_output`),
        ...both(`${layer}.full_layer_layer_norm`),
        ...both('pooler'),
      ];
    })(),
  },
  {
    name: 'SigLIP (a text head, the vision attention-pooling head, logit_scale and logit_bias)',
    config: {
      architectures: ['SiglipModel'],
      model_type: 'siglip',
      text_config: {
        hidden_size: 32,
        intermediate_size: 64,
        num_hidden_layers: 1,
        num_attention_heads: 4,
        vocab_size: 50,
        max_position_embeddings: 8,
      },
      vision_config: {
        hidden_size: 32,
        intermediate_size: 64,
        num_hidden_layers: 1,
        num_attention_heads: 4,
        image_size: 32,
        patch_size: 16,
      },
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const layer = (tower: string) => [
        ...['q_proj', 'k_proj', 'v_proj', 'out_proj'].flatMap((m) =>
          both(`${tower}.encoder.layers.0.self_attn.${m}`),
        ),
        ...both(`${tower}.encoder.layers.0.layer_norm1`),
        ...both(`${tower}.encoder.layers.0.mlp.fc1`),
        ...both(`${tower}.encoder.layers.0.mlp.fc2`),
        ...both(`${tower}.encoder.layers.0.layer_norm2`),
      ];
      return [
        'text_model.embeddings.token_embedding.weight',
        'text_model.embeddings.position_embedding.weight',
        ...layer('text_model'),
        ...both('text_model.final_layer_norm'),
        ...both('text_model.head'),
        ...both('vision_model.embeddings.patch_embedding'),
        'vision_model.embeddings.position_embedding.weight',
        ...layer('vision_model'),
        ...both('vision_model.post_layernorm'),
        'vision_model.head.probe',
        'vision_model.head.attention.in_proj_weight',
        'vision_model.head.attention.in_proj_bias',
        ...both('vision_model.head.attention.out_proj'),
        ...both('vision_model.head.layernorm'),
        ...both('vision_model.head.mlp.fc1'),
        ...both('vision_model.head.mlp.fc2'),
        'logit_scale',
        'logit_bias',
      ];
    })(),
  },
  {
    name: 'DeBERTa-v3 (shared relative embeddings and their norm in the encoder)',
    config: {
      architectures: ['DebertaV2Model'],
      model_type: 'deberta-v2',
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      vocab_size: 50,
      max_position_embeddings: 16,
      relative_attention: true,
      position_buckets: 8,
      norm_rel_ebd: 'layer_norm',
      share_att_key: true,
      pos_att_type: ['p2c', 'c2p'],
      position_biased_input: false,
      type_vocab_size: 0,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const l = 'encoder.layer.0';
      return [
        'embeddings.word_embeddings.weight',
        ...both('embeddings.LayerNorm'),
        ...['query_proj', 'key_proj', 'value_proj'].flatMap((m) =>
          both(`${l}.attention.self.${m}`),
        ),
        ...both(`${l}.attention.output.dense`),
        ...both(`${l}.attention.output.LayerNorm`),
        ...both(`${l}.intermediate.dense`),
        ...both(`${l}.output.dense`),
        ...both(`${l}.output.LayerNorm`),
        'encoder.rel_embeddings.weight',
        ...both('encoder.LayerNorm'),
      ];
    })(),
  },
  {
    name: 'gpt-oss (router with bias, experts fused as gate_up_proj [E, d, 2·d_ff] and down_proj)',
    config: {
      architectures: ['GptOssForCausalLM'],
      model_type: 'gpt_oss',
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 8,
      num_local_experts: 2,
      vocab_size: 50,
      layer_types: ['full_attention'],
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      'lm_head.weight',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].flatMap((m) => [
        `model.layers.0.self_attn.${m}.weight`,
        `model.layers.0.self_attn.${m}.bias`,
      ]),
      'model.layers.0.self_attn.sinks',
      'model.layers.0.mlp.router.weight',
      'model.layers.0.mlp.router.bias',
      ...['gate_up_proj', 'gate_up_proj_bias', 'down_proj', 'down_proj_bias'].map(
        (m) => `model.layers.0.mlp.experts.${m}`,
      ),
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
    ],
  },
  {
    name: 'GraniteMoE (router.layer, experts fused as input_linear and output_linear)',
    config: {
      architectures: ['GraniteMoeForCausalLM'],
      model_type: 'granitemoe',
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_local_experts: 2,
      vocab_size: 50,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      'lm_head.weight',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map(
        (m) => `model.layers.0.self_attn.${m}.weight`,
      ),
      'model.layers.0.block_sparse_moe.router.layer.weight',
      'model.layers.0.block_sparse_moe.input_linear.weight',
      'model.layers.0.block_sparse_moe.output_linear.weight',
      'model.layers.0.input_layernorm.weight',
      'model.layers.0.post_attention_layernorm.weight',
    ],
  },
  {
    name: 'EncoderDecoderModel (bert2bert: BertModel under encoder., BertLMHeadModel under decoder.)',
    config: {
      architectures: ['EncoderDecoderModel'],
      model_type: 'encoder-decoder',
      encoder: {
        model_type: 'bert',
        hidden_size: 32,
        num_hidden_layers: 1,
        num_attention_heads: 4,
        intermediate_size: 64,
        vocab_size: 50,
        max_position_embeddings: 16,
      },
      decoder: {
        model_type: 'bert',
        hidden_size: 32,
        num_hidden_layers: 1,
        num_attention_heads: 4,
        intermediate_size: 64,
        vocab_size: 50,
        max_position_embeddings: 16,
        is_decoder: true,
        add_cross_attention: true,
      },
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const embeddings = (p: string) => [
        `${p}.embeddings.word_embeddings.weight`,
        `${p}.embeddings.position_embeddings.weight`,
        `${p}.embeddings.token_type_embeddings.weight`,
        ...both(`${p}.embeddings.LayerNorm`),
      ];
      const attention = (p: string) => [
        ...['self.query', 'self.key', 'self.value', 'output.dense', 'output.LayerNorm'].flatMap(
          (m) => both(`${p}.${m}`),
        ),
      ];
      const layer = (p: string, cross: boolean) => [
        ...attention(`${p}.attention`),
        ...(cross ? attention(`${p}.crossattention`) : []),
        ...both(`${p}.intermediate.dense`),
        ...both(`${p}.output.dense`),
        ...both(`${p}.output.LayerNorm`),
      ];
      return [
        ...embeddings('encoder'),
        ...layer('encoder.encoder.layer.0', false),
        ...both('encoder.pooler.dense'),
        ...embeddings('decoder.bert'),
        ...layer('decoder.bert.encoder.layer.0', true),
        ...both('decoder.cls.predictions.transform.dense'),
        ...both('decoder.cls.predictions.transform.LayerNorm'),
        'decoder.cls.predictions.bias',
      ];
    })(),
  },
  {
    name: 'Gemma 2 (four norms a layer, tied head)',
    config: {
      architectures: ['Gemma2ForCausalLM'],
      model_type: 'gemma2',
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 8,
      vocab_size: 50,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map(
        (m) => `model.layers.0.self_attn.${m}.weight`,
      ),
      ...['gate_proj', 'up_proj', 'down_proj'].map((m) => `model.layers.0.mlp.${m}.weight`),
      ...[
        'input_layernorm',
        'post_attention_layernorm',
        'pre_feedforward_layernorm',
        'post_feedforward_layernorm',
      ].map((m) => `model.layers.0.${m}.weight`),
    ],
  },
  {
    name: 'Falcon-7B style (multi-query, one norm, parallel attention, tied head)',
    config: {
      architectures: ['FalconForCausalLM'],
      model_type: 'falcon',
      hidden_size: 32,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      vocab_size: 50,
      multi_query: true,
      parallel_attn: true,
      bias: false,
    },
    names: [
      'transformer.word_embeddings.weight',
      'transformer.ln_f.weight',
      'transformer.ln_f.bias',
      'transformer.h.0.self_attention.query_key_value.weight',
      'transformer.h.0.self_attention.dense.weight',
      'transformer.h.0.mlp.dense_h_to_4h.weight',
      'transformer.h.0.mlp.dense_4h_to_h.weight',
      'transformer.h.0.input_layernorm.weight',
      'transformer.h.0.input_layernorm.bias',
    ],
  },
  {
    name: 'Cohere (one norm a layer, bias-free LayerNorm, tied head)',
    config: {
      architectures: ['CohereForCausalLM'],
      model_type: 'cohere',
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      vocab_size: 50,
    },
    names: [
      'model.embed_tokens.weight',
      'model.norm.weight',
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map(
        (m) => `model.layers.0.self_attn.${m}.weight`,
      ),
      ...['gate_proj', 'up_proj', 'down_proj'].map((m) => `model.layers.0.mlp.${m}.weight`),
      'model.layers.0.input_layernorm.weight',
    ],
  },
  {
    name: 'GPT-BigCode (nn.Linear c_attn, multi-query)',
    config: {
      architectures: ['GPTBigCodeForCausalLM'],
      model_type: 'gpt_bigcode',
      n_embd: 32,
      n_layer: 1,
      n_head: 4,
      vocab_size: 50,
      n_positions: 16,
    },
    names: [
      'transformer.wte.weight',
      'transformer.wpe.weight',
      ...[
        'ln_f',
        'h.0.ln_1',
        'h.0.ln_2',
        'h.0.attn.c_attn',
        'h.0.attn.c_proj',
        'h.0.mlp.c_fc',
        'h.0.mlp.c_proj',
      ].flatMap((m) => [`transformer.${m}.weight`, `transformer.${m}.bias`]),
    ],
  },
  {
    name: 'ViT for image classification',
    config: {
      architectures: ['ViTForImageClassification'],
      model_type: 'vit',
      hidden_size: 32,
      intermediate_size: 64,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      image_size: 32,
      patch_size: 16,
      num_labels: 3,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const l = 'vit.encoder.layer.0';
      return [
        'vit.embeddings.cls_token',
        'vit.embeddings.position_embeddings',
        ...both('vit.embeddings.patch_embeddings.projection'),
        ...['query', 'key', 'value'].flatMap((m) => both(`${l}.attention.attention.${m}`)),
        ...both(`${l}.attention.output.dense`),
        ...both(`${l}.intermediate.dense`),
        ...both(`${l}.output.dense`),
        ...both(`${l}.layernorm_before`),
        ...both(`${l}.layernorm_after`),
        ...both('vit.layernorm'),
        ...both('classifier'),
      ];
    })(),
  },
  {
    name: 'DistilBERT for masked LM',
    config: {
      architectures: ['DistilBertForMaskedLM'],
      model_type: 'distilbert',
      dim: 32,
      hidden_dim: 64,
      n_layers: 1,
      n_heads: 4,
      vocab_size: 50,
      max_position_embeddings: 16,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const l = 'distilbert.transformer.layer.0';
      return [
        'distilbert.embeddings.word_embeddings.weight',
        'distilbert.embeddings.position_embeddings.weight',
        ...both('distilbert.embeddings.LayerNorm'),
        ...['q_lin', 'k_lin', 'v_lin', 'out_lin'].flatMap((m) => both(`${l}.attention.${m}`)),
        ...both(`${l}.sa_layer_norm`),
        ...both(`${l}.ffn.lin1`),
        ...both(`${l}.ffn.lin2`),
        ...both(`${l}.output_layer_norm`),
        ...both('vocab_transform'),
        ...both('vocab_layer_norm'),
        'vocab_projector.bias',
      ];
    })(),
  },
  {
    name: 'RoBERTa for masked LM (lm_head with a tied decoder)',
    config: {
      architectures: ['RobertaForMaskedLM'],
      model_type: 'roberta',
      hidden_size: 32,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      intermediate_size: 64,
      vocab_size: 50,
      max_position_embeddings: 18,
      type_vocab_size: 1,
    },
    names: ((): string[] => {
      const both = (n: string) => [`${n}.weight`, `${n}.bias`];
      const l = 'roberta.encoder.layer.0';
      return [
        'roberta.embeddings.word_embeddings.weight',
        'roberta.embeddings.position_embeddings.weight',
        'roberta.embeddings.token_type_embeddings.weight',
        ...both('roberta.embeddings.LayerNorm'),
        ...[
          'attention.self.query',
          'attention.self.key',
          'attention.self.value',
          'attention.output.dense',
          'attention.output.LayerNorm',
          'intermediate.dense',
          'output.dense',
          'output.LayerNorm',
        ].flatMap((m) => both(`${l}.${m}`)),
        ...both('lm_head.dense'),
        ...both('lm_head.layer_norm'),
        'lm_head.bias',
      ];
    })(),
  },
];

describe('parameter names as transformers saves them', () => {
  it.each(cases)('$name', ({ config, names }) => {
    const model = loadModel({ config, source: 'test' });
    const expected = expectedParameters(composeModel(model.spec), model.spec.sizes);
    expect(expected.parameters.map((p) => p.name).sort()).toEqual([...names].sort());
  });
});
