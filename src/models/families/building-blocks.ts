import { num, sym, type Expr, type Sym } from '../../expr/nodes.js';
import { requireMultiple, type ConfigFields } from '../config/config-fields.js';
import type {
  EmbeddingSpec,
  LinearSpec,
  ModuleSpec,
  NormSpec,
  SharedSpec,
} from '../spec/model-spec.js';

/** Collects the values of the size symbols a family binds while it declares a model. */
export class SizeBook {
  private readonly values: Record<string, bigint> = {};

  /** Binds `symbol` to `value` and returns the symbol, for use in shapes. */
  bind(symbol: string, value: bigint): Sym {
    const known = this.values[symbol];
    if (known !== undefined && known !== value)
      throw new Error(`internal: ${symbol} bound twice (${known}, ${value})`);
    this.values[symbol] = value;
    return sym(symbol);
  }

  /**
   * The values bound so far, as a live view: a family may write `{ sizes: sizes.sizes, modules: […] }`
   * and the modules' own binds, evaluated after it, still show.
   */
  get sizes(): Readonly<Record<string, bigint>> {
    return this.values;
  }
}

/** The output head of a causal LM: `d·V`, or 0 with the reason when tied to the token embedding. */
export function lmHeadModule(
  tied: boolean,
  d: Expr,
  vocab: Expr,
  options: { key?: string; bias?: boolean } = {},
): LinearSpec | SharedSpec {
  const key = options.key ?? 'lm_head';
  if (tied)
    return {
      kind: 'shared',
      key,
      name: 'LM head (tied)',
      label: 'head',
      role: 'unembedding',
      reason: 'tied to the token embedding: the same matrix, counted once',
    };
  return {
    kind: 'linear',
    key,
    name: 'LM head',
    label: 'head',
    role: 'unembedding',
    in: d,
    out: vocab,
    bias: options.bias ?? false,
  };
}

/**
 * How a decoder-only class's LM head is made: a family's own (`causalLm`), else the usual
 * `lm_head` over `vocab`, tied as `tied` says (by default the config's `tie_word_embeddings`).
 */
type CausalLmHead =
  | { readonly causalLm: () => ModuleSpec }
  | { readonly vocab: Expr; readonly tied?: boolean };

/**
 * The modules of a decoder-only class: the base model alone (`…Model`), or with the head its name
 * promises (`…ForCausalLM`, `…ForSequenceClassification`, `…ForTokenClassification`, `…ForQuestionAnswering`).
 */
export function decoderOnlyClass(
  className: string,
  base: ModuleSpec,
  heads: { d: Expr; config: ConfigFields; sizes: SizeBook } & CausalLmHead,
): ModuleSpec[] {
  const { d, config, sizes } = heads;
  if (className.endsWith('ForCausalLM'))
    return [
      base,
      'causalLm' in heads
        ? heads.causalLm()
        : lmHeadModule(heads.tied ?? config.flag('tie_word_embeddings'), d, heads.vocab),
    ];
  if (className.endsWith('ForSequenceClassification')) {
    return [
      base,
      {
        kind: 'linear',
        key: 'score',
        name: 'classification head',
        label: 'score',
        role: 'head',
        in: d,
        out: sizes.bind('n_labels', config.numLabels()),
        bias: false,
      },
    ];
  }
  if (className.endsWith('ForTokenClassification')) {
    return [
      base,
      {
        kind: 'linear',
        key: 'score',
        name: 'token classification head',
        label: 'score',
        role: 'head',
        in: d,
        out: sizes.bind('n_labels', config.numLabels()),
        bias: true,
      },
    ];
  }
  if (className.endsWith('ForQuestionAnswering')) {
    return [
      base,
      {
        kind: 'linear',
        key: 'qa_outputs',
        name: 'span head',
        label: 'qa',
        role: 'head',
        in: d,
        out: num(2),
        bias: true,
      },
    ];
  }
  // The base class is the base model itself: its parameters carry no `model.`/`transformer.` prefix.
  return [base.kind === 'group' ? { ...base, inline: true } : base];
}

/** The standard decoder-only class names of a family prefix (`Llama` → `LlamaForCausalLM`, …). */
export function decoderOnlyClassNames(prefix: string, extra: readonly string[] = []): string[] {
  return [
    `${prefix}ForCausalLM`,
    `${prefix}Model`,
    `${prefix}ForSequenceClassification`,
    `${prefix}ForTokenClassification`,
    `${prefix}ForQuestionAnswering`,
    ...extra,
  ];
}

/**
 * How many of `layers` layers are sparse when every `step`-th one is (`(i + 1) % step == 0`) except
 * those listed: counted, not enumerated, so a config with 10^20 layers answers at once.
 */
export function countLayers(
  layers: bigint,
  step: bigint,
  except: ReadonlySet<bigint> = new Set(),
): bigint {
  const excepted = [...except].filter(
    (i) => i >= 0n && i < layers && (i + 1n) % step === 0n,
  ).length;
  return layers / step - BigInt(excepted);
}

/** Field names of the two sizes every family starts from. */
interface WidthFields {
  hidden?: string;
  heads?: string;
  vocab?: string;
}

/**
 * The model width (checked to divide into the attention heads) and the vocabulary, bound to
 * `d_model` and `V`: the first lines of nearly every family.
 */
export function widthAndVocab(config: ConfigFields, sizes: SizeBook, fields: WidthFields = {}) {
  const hiddenField = fields.hidden ?? 'hidden_size';
  const headsField = fields.heads ?? 'num_attention_heads';
  const hidden = config.size(hiddenField);
  const heads = config.size(headsField);
  requireMultiple(hiddenField, hidden, headsField, heads);
  return {
    hidden,
    heads,
    d: sizes.bind('d_model', hidden),
    vocab: sizes.bind('V', config.size(fields.vocab ?? 'vocab_size')),
  };
}

/** A token embedding table, `nn.Embedding(V, d)`, under the module name its family gives it. */
export const tokenEmbeddings = (key: string, vocab: Expr, dim: Expr): EmbeddingSpec => ({
  kind: 'embedding',
  key,
  name: 'token embeddings',
  label: 'tok',
  role: 'token-embedding',
  rows: vocab,
  dim,
});

/** The usual base model: a token embedding, `count` copies of a layer, and a final norm. */
export function decoderBase(o: {
  key: string;
  name: string;
  embeddingKey: string;
  layersKey: string;
  vocab: Expr;
  d: Expr;
  count: Expr;
  layer: ModuleSpec;
  finalNorm: NormSpec;
}): ModuleSpec {
  return {
    kind: 'group',
    key: o.key,
    name: o.name,
    label: 'base',
    children: [
      tokenEmbeddings(o.embeddingKey, o.vocab, o.d),
      {
        kind: 'repeat',
        key: o.layersKey,
        name: 'decoder layers',
        label: 'layers',
        count: o.count,
        child: o.layer,
      },
      o.finalNorm,
    ],
  };
}

/** A maker of a family's norms, all of one type over `d` unless told otherwise: `ln('ln_1', 'LN1')`. */
export function normFactory(
  type: NormSpec['type'],
  d: Expr,
  extra: { affine?: boolean; bias?: boolean } = {},
) {
  return (key: string, label: string, dim: Expr = d): NormSpec => ({
    kind: 'norm',
    type,
    key,
    label,
    dim,
    role: 'norm',
    ...extra,
  });
}

/**
 * A vision tower's width (checked against the heads) and its patches: `patch_size` (`p`),
 * `num_channels` (`C_in`) and `n_patch = (image_size / patch_size)²`, the rows the position table
 * adds to its class token's.
 */
export function widthAndPatches(
  config: ConfigFields,
  sizes: SizeBook,
  fields: { hidden?: string; heads?: string } = {},
) {
  const hiddenField = fields.hidden ?? 'hidden_size';
  const headsField = fields.heads ?? 'num_attention_heads';
  const hidden = config.size(hiddenField);
  requireMultiple(hiddenField, hidden, headsField, config.size(headsField));
  const image = config.size('image_size');
  const patch = config.size('patch_size');
  requireMultiple('image_size', image, 'patch_size', patch);
  const side = image / patch;
  return {
    d: sizes.bind('d_model', hidden),
    patchSize: sizes.bind('p', patch),
    channels: sizes.bind('C_in', config.size('num_channels')),
    patches: sizes.bind('n_patch', side * side),
  };
}

/**
 * How many routed experts a token passes through (`num_experts_per_tok`), bound to `k_top`, for a
 * MoE block's active count; nothing when neither the config nor its class says (the active count
 * is then not given). A class default larger than the experts the config has (a test model with
 * 4 experts under Qwen3MoeConfig's k = 8) is not the config's word, so it gives no active count
 * either, where a k written in the file is refused (`checkRouting` in load-model.ts).
 */
export function expertsPerToken(config: ConfigFields, sizes: SizeBook): { topK?: Sym } {
  const k = config.optionalSize('num_experts_per_tok');
  if (k === undefined) return {};
  if (!config.given('num_experts_per_tok')) {
    const experts = routedExpertFields
      .map((f) => config.optionalSize(f))
      .find((e) => e !== undefined);
    if (experts !== undefined && k > experts) return {};
  }
  return { topK: sizes.bind('k_top', k) };
}

/** The fields the families read the routed experts' number from, as transformers names them. */
const routedExpertFields = ['num_local_experts', 'n_routed_experts', 'num_experts'] as const;
