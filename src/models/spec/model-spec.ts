import type { IndexAs, Role } from '../../components/part.js';
import type { Expr } from '../../expr/nodes.js';

/**
 * What kind of model this is, as far as the approximations care: one stack of text layers (`text`),
 * an encoder and a decoder (cross-attention, two widths of layers), a vision tower or an audio
 * encoder (no vocabulary), two towers of different widths, layers that share their weights
 * (ALBERT), or stages of growing width (Swin).
 */
export type ModelShape =
  | 'text'
  | 'encoder-decoder'
  | 'vision'
  | 'audio'
  | 'two-tower'
  | 'shared-layers'
  | 'stages';

export type { Role } from '../../components/part.js';

/** Fields every module declaration has. `label` is the subscript of its count (`attn` → `P_attn`). */
interface ModuleBase {
  readonly key: string;
  readonly name?: string;
  readonly label?: string;
  readonly role?: Role;
  /** Its path in PyTorch's parameter names, where that is longer than the key the breakdown shows (T5's `layer.0.SelfAttention`). */
  readonly path?: string;
}

/**
 * A model declared as data: the values of its size symbols and a tree of modules. Families build
 * one from a config.json; `--spec file.json` reads one written by hand (with formulas as strings).
 */
export interface ModelSpec {
  readonly name: string;
  /** Values of the size symbols used in the modules. */
  readonly sizes: Readonly<Record<string, bigint>>;
  /** Symbols that are not in the built-in table: how to print them and what they mean. */
  readonly symbols?: Readonly<Record<string, { tex?: string; meaning?: string; field?: string }>>;
  readonly modules: readonly ModuleSpec[];
  /** The longest sequence the config allows (`max_position_embeddings`), for Megatron's `s`. */
  readonly contextLength?: bigint;
  /** Attention heads a layer (the config's), for figures that need them where the count does not (activations). */
  readonly attentionHeads?: bigint;
  /**
   * What kind of model it is, for the approximations (`text` by default; an encoder-decoder is
   * recognised by its L_enc/L_dec, a vision tower by having no vocabulary).
   */
  readonly shape?: ModelShape;
  /**
   * What generating a token leaves in the KV cache, by kind of attention layer. Every family that
   * generates declares it; an encoder-only model, which keeps none, leaves it out.
   */
  readonly kvCache?: KvCacheLayout;
  /** What one image costs the vision tower, for the per-image FLOPs (CLIP's and SigLIP's fixed patches). */
  readonly imageTower?: ImageTowerSpec;
  /**
   * Older spellings of the checkpoint's names, as transformers' `_checkpoint_conversion_mapping`
   * reads them (`^language_model.model.` → `model.language_model.`): `verify` reads a checkpoint's
   * names through them before comparing.
   */
  readonly checkpointRenames?: readonly CheckpointRename[];
  /**
   * What a sequence keeps between tokens in layers that are not attention (Mamba, Gated DeltaNet,
   * short convolutions): a fixed state, whatever the context's length.
   */
  readonly recurrentState?: RecurrentStateLayout;
  /**
   * What the checkpoint holds that the total leaves out, and why (DeepSeek-V3's router buffers and its
   * multi-token-prediction layer): each derived beside the total, never added to it.
   */
  readonly leftOut?: readonly LeftOutSpec[];
}

/** Weights beside a model that its class does not count: a group of modules and the reason. */
export interface LeftOutSpec {
  readonly key: string;
  readonly name: string;
  /** Subscript of its count's label (`MTP` → `P_MTP`). */
  readonly label: string;
  readonly reason: string;
  readonly modules: readonly ModuleSpec[];
  /** The name the checkpoint stores them under (Qwen3-Next's `mtp`); absent: after the main layers. */
  readonly checkpointPrefix?: string;
}

/** The KV cache's layers by kind, and the counts it names that the parameter count does not (`L_local`). */
export interface KvCacheLayout {
  readonly entries: readonly KvCacheSpec[];
  readonly sizes: Readonly<Record<string, bigint>>;
  /** Encoder tokens a cross-attention cache holds when the user does not say (Whisper: its 1500 audio frames). */
  readonly sourceLength?: bigint;
}

/** The tokens one image puts through a vision tower, and the tower's layers and width. */
export interface ImageTowerSpec {
  readonly tokens: Expr;
  readonly layers: Expr;
  readonly width: Expr;
}

/** A rename of checkpoint names: a regular expression's source and its replacement. */
export interface CheckpointRename {
  readonly from: string;
  readonly to: string;
}

/** The fixed state of a model's recurrent layers, by kind. */
export interface RecurrentStateLayout {
  readonly entries: readonly RecurrentStateSpec[];
}

/**
 * One kind of recurrent state in `layers` layers: a causal convolution's last inputs (`conv`:
 * `channels` of them, `kernel` columns as transformers' caches keep them, where vLLM keeps one
 * fewer), or the state of the scan itself (`ssm`: `perSequence` elements, Mamba's `d_inner·d_state`,
 * a DeltaNet layer's key-by-value matrix per head).
 */
export type RecurrentStateSpec =
  | {
      readonly name: 'conv';
      readonly layers: Expr;
      readonly channels: Expr;
      readonly kernel: Expr;
    }
  | { readonly name: 'ssm'; readonly layers: Expr; readonly perSequence: Expr };

/** One kind of attention layer's cache: how many layers, and what each keeps a token. */
export interface KvCacheSpec {
  /** `self`, `sliding`, `cross` or `latent`: the kind of layer, as the derivation names it. */
  readonly name: 'self' | 'sliding' | 'cross' | 'latent';
  /** How many layers keep this cache. */
  readonly layers: Expr;
  /** Elements a token leaves in one layer, keys and values together (`2·n_kv·d_h`). */
  readonly perToken: Expr;
  /** A sliding window: such a layer keeps at most this many tokens. */
  readonly window?: bigint;
  /** Cross-attention caches the encoder's tokens (`n_src`), not the generated ones. */
  readonly over?: 'source';
  /** Multi-head latent attention: what an implementation that expands the latents stores instead. */
  readonly expanded?: Expr;
}

/** A parameter tensor of the given shape. */
export interface TensorSpec extends ModuleBase {
  readonly kind: 'tensor';
  readonly shape: readonly Expr[];
}

/** `nn.Embedding(rows, dim)`. */
export interface EmbeddingSpec extends ModuleBase {
  readonly kind: 'embedding';
  readonly rows: Expr;
  readonly dim: Expr;
}

/** `nn.Linear(in, out, bias)` (also GPT-2's `Conv1D`, which has the same parameters). */
export interface LinearSpec extends ModuleBase {
  readonly kind: 'linear';
  readonly in: Expr;
  readonly out: Expr;
  readonly bias: boolean;
  /** GPT-2's `Conv1D`: stored `[in, out]`. */
  readonly conv1d?: boolean;
}

/** `nn.Conv1d` / `nn.Conv2d`: weight `out × in × k…` and a bias of `out` (ViT's patch embedding, Whisper's front end). */
export interface ConvSpec extends ModuleBase {
  readonly kind: 'conv';
  readonly in: Expr;
  readonly out: Expr;
  /** One kernel size per spatial dimension: `[k]` for Conv1d, `[k, k]` for Conv2d. */
  readonly kernel: readonly Expr[];
  readonly bias: boolean;
}

/** LayerNorm (`2d`, `d` without bias, 0 without affine) or RMSNorm (`d`). */
export interface NormSpec extends ModuleBase {
  readonly kind: 'norm';
  readonly type: 'layernorm' | 'rmsnorm';
  readonly dim: Expr;
  readonly bias?: boolean;
  readonly affine?: boolean;
}

/**
 * Attention with separate Q, K, V, O projections: `d × d` each, or, given a head layout, Q `d·n_h·d_h`,
 * K and V `d·n_kv·d_h`, O `n_h·d_h·d` (grouped-query when `kvHeads` differs from `heads`).
 */
export interface AttentionSpec extends ModuleBase {
  readonly kind: 'attention';
  readonly d: Expr;
  readonly heads?: Expr;
  readonly kvHeads?: Expr;
  readonly headDim?: Expr;
  readonly bias: Readonly<Record<'q' | 'k' | 'v' | 'o', boolean>>;
  /** Module names of the projections (default q_proj, k_proj, v_proj, o_proj). */
  readonly keys?: Partial<Readonly<Record<'q' | 'k' | 'v' | 'o', string>>>;
  /** Norms applied to queries and keys (Qwen3, OLMo-2, Phi's qk_layernorm); a LayerNorm without `bias` learns a scale only (Cohere). */
  readonly qkNorm?: {
    readonly type: 'layernorm' | 'rmsnorm';
    readonly qDim: Expr;
    readonly kDim: Expr;
    readonly bias?: boolean;
    /** Their module names, where not `q_norm` and `k_norm` (Phi's `q_layernorm`, `k_layernorm`). */
    readonly keys?: { readonly q: string; readonly k: string };
  };
  /** Learned attention sinks, one logit a query head (gpt-oss's `sinks`). */
  readonly sinks?: Expr;
}

/** Feed-forward: up and down projections, and a gate when gated (SwiGLU/GeGLU). */
export interface MlpSpec extends ModuleBase {
  readonly kind: 'mlp';
  readonly d: Expr;
  readonly dFF: Expr;
  readonly gated: boolean;
  readonly bias: boolean;
  readonly keys?: { readonly up?: string; readonly down?: string; readonly gate?: string };
  /** The projections sit right in the layer in PyTorch, not in an MLP module of their own (BART's fc1/fc2, OPT's). */
  readonly inline?: boolean;
}

/** Mixture of experts: a router, `experts` copies of an expert MLP, and optional shared experts. */
export interface MoeSpec extends ModuleBase {
  readonly kind: 'moe';
  readonly d: Expr;
  readonly experts: Expr;
  readonly expert: Omit<MlpSpec, 'kind' | 'key' | 'd'>;
  readonly routerBias?: boolean;
  readonly shared?: Omit<MlpSpec, 'kind' | 'key' | 'd'> & { readonly key?: string };
  /** A sigmoid gate on the shared expert's output (Qwen2-MoE's `shared_expert_gate`, d → 1). */
  readonly sharedGate?: boolean;
  /** How many of the routed experts a token passes through (`num_experts_per_tok`), for the active count. */
  readonly topK?: Expr;
  /** The router's path in PyTorch's names when it is not `gate` (gpt-oss: `router`; GraniteMoE: `router.layer`). */
  readonly routerPath?: string;
  /** Routed experts PyTorch stores fused, one tensor for all E (gpt-oss's `experts.gate_up_proj` [E, d, 2·d_ff]): their names and shapes. */
  readonly fusedExperts?: ReadonlyArray<{ readonly name: string; readonly shape: readonly Expr[] }>;
  /** Its router and experts sit right in the enclosing module (ERNIE 4.5's `mlp`, beside `moe_statics`). */
  readonly inline?: boolean;
}

/** Modules in sequence: a layer, the embeddings, a stack with its final norm. */
export interface GroupSpec extends ModuleBase {
  readonly kind: 'group';
  readonly children: readonly ModuleSpec[];
  /** No module of its own in PyTorch's names (a base class is its base model: LlamaModel's parameters are `layers.…`, not `model.layers.…`). */
  readonly inline?: boolean;
}

/** `count` identical copies of a module (the layers of a stack). */
export interface RepeatSpec extends ModuleBase {
  readonly kind: 'repeat';
  readonly count: Expr;
  readonly child: ModuleSpec;
  /** Said beside its derivation: why the count is what it is (ALBERT: L layers, fewer stored). */
  readonly note?: string;
  /** The ModuleList inside the repeat's module that holds the copies (BERT's `encoder.layer.N`); default: the copies sit right under the key (`layers.N`). */
  readonly listKey?: string;
  /**
   * Copies that sit in another repeat's list: DeepSeek's MoE layers are `layers.{L_dense + i}` in
   * PyTorch, not `moe_layers.{i}`; Qwen3-Next's attention layers `layers.{3, 7, …}`; with `within`,
   * a module inside each of those copies (ModernBERT's `layers.{1 + i}.attn_norm`).
   */
  readonly indexAs?: IndexAs;
  /** Of routed experts: how many copies a token passes through (`k_top` of `E`). */
  readonly activeCount?: Expr;
  /** The copies as PyTorch stores them fused, one tensor each for all (names relative to the repeat's parent). */
  readonly stored?: ReadonlyArray<{ readonly name: string; readonly shape: readonly Expr[] }>;
}

/** A module that adds no parameters, with the reason (a head tied to the embedding). */
export interface SharedSpec extends ModuleBase {
  readonly kind: 'shared';
  readonly reason: string;
}

export type ModuleSpec =
  | TensorSpec
  | EmbeddingSpec
  | LinearSpec
  | ConvSpec
  | NormSpec
  | AttentionSpec
  | MlpSpec
  | MoeSpec
  | GroupSpec
  | RepeatSpec
  | SharedSpec;
