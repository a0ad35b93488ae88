import { mul, num, sym, type Expr } from '../expr/nodes.js';

/**
 * Which config field explains a dimension, as a table: each row a symbol of the symbol table and the
 * fields that give its value directly (not the ones that give a multiplier, such as Mamba's
 * `expand`), in the order a dimension is tried against them. A width equal to several fields reads
 * as the first (`hidden_size` before `intermediate_size`); products of heads come after the plain
 * widths, so `q_proj`'s 4096 in a model of width 4096 reads `d_model`, as it is.
 */
const widthRows: ReadonlyArray<{ symbol: string; fields: readonly string[] }> = [
  { symbol: 'd_model', fields: ['hidden_size', 'd_model', 'n_embd', 'embed_dim', 'dim'] },
  { symbol: 'V', fields: ['vocab_size'] },
  {
    symbol: 'd_ff',
    fields: ['intermediate_size', 'ffn_dim', 'd_ff', 'n_inner', 'ffn_hidden_size'],
  },
  { symbol: 'd_moe', fields: ['moe_intermediate_size', 'expert_intermediate_size'] },
  { symbol: 'd_shared', fields: ['shared_expert_intermediate_size'] },
  { symbol: 'd_emb', fields: ['embedding_size', 'word_embed_proj_dim'] },
  { symbol: 'd_proj', fields: ['projection_dim', 'projection_size'] },
  { symbol: 'P', fields: ['max_position_embeddings', 'n_positions'] },
  { symbol: 'n_type', fields: ['type_vocab_size'] },
  { symbol: 'E', fields: ['num_local_experts', 'n_routed_experts', 'num_experts'] },
  { symbol: 'r_q', fields: ['q_lora_rank'] },
  { symbol: 'r_kv', fields: ['kv_lora_rank'] },
  { symbol: 'd_state', fields: ['state_size', 'mamba_d_state', 'ssm_state_size'] },
  { symbol: 'r_dt', fields: ['time_step_rank', 'mamba_dt_rank'] },
  { symbol: 'k_conv', fields: ['conv_kernel', 'mamba_d_conv', 'linear_conv_kernel_dim'] },
  { symbol: 'p', fields: ['patch_size'] },
  { symbol: 'n_mel', fields: ['num_mel_bins'] },
  { symbol: 'C_in', fields: ['num_channels', 'in_channels'] },
  { symbol: 'n_labels', fields: ['num_labels'] },
];

/** Head layouts: a width that is so many heads of `head_dim` (`q_proj`'s out, `k_proj`'s, a fused QKV). */
const headRows: ReadonlyArray<{ factors: readonly [number, ...string[]] }> = [
  { factors: [1, 'n_h', 'd_h'] },
  { factors: [1, 'n_kv', 'd_h'] },
  { factors: [2, 'd_ff'] },
  { factors: [2, 'd_moe'] },
  { factors: [3, 'd_model'] },
  { factors: [2, 'n_kv', 'd_h'] },
];

/** Head counts and widths, read for the head rows (a head count alone is a dimension last of all). */
const headFields: Readonly<Record<string, readonly string[]>> = {
  n_h: ['num_attention_heads', 'num_heads', 'n_head'],
  n_kv: ['num_key_value_heads', 'num_kv_heads', 'multi_query_group_num'],
  d_h: ['head_dim', 'kv_channels'],
};

/** The counts of copies: a list of layers, a list of experts. */
const countRows: Readonly<Record<'layers' | 'experts', readonly string[]>> = {
  layers: ['num_hidden_layers', 'num_layers', 'n_layer', 'n_layers'],
  experts: ['num_local_experts', 'n_routed_experts', 'num_experts', 'moe_num_experts'],
};

/** A part of the checkpoint read against one config: the whole, or a tower's nested config. */
export interface Region {
  readonly fields: Readonly<Record<string, unknown>>;
  /** The nested config's key (`vision_config`), for the symbols' fields; none at the top. */
  readonly key?: string;
  /** The symbol tag of its sizes (`vis`: `d_model_vis`); none for the language model. */
  readonly tag?: string;
  /**
   * Regions whose widths a module outside them may have: a projector between a tower and the
   * language model takes the tower's width (`d_model_vis`), though it sits outside the tower.
   */
  readonly neighbours?: readonly Region[];
}

/**
 * Names dimensions after the config fields that give them, and remembers each symbol it used, with
 * its value and field, for the model's sizes. A dimension no field explains stays a number.
 */
export class DimensionNames {
  readonly sizes: Record<string, bigint> = {};
  readonly fields: Record<string, string> = {};
  private readonly cache = new WeakMap<Region, Map<string, Expr>>();

  /** A dimension of `region`'s part of the checkpoint. */
  width(value: bigint, region: Region, prefer: readonly string[] = []): Expr {
    if (value <= 1n) return num(value);
    // Read once for each region, value and preference: a header repeats its few widths thousands of times.
    const cache = this.cache.get(region) ?? new Map<string, Expr>();
    this.cache.set(region, cache);
    const key = `${value}|${prefer.join(',')}`;
    const known = cache.get(key);
    if (known) return known;
    const found = this.read(value, region, prefer);
    cache.set(key, found);
    return found;
  }

  private read(value: bigint, region: Region, prefer: readonly string[]): Expr {
    const preferred = widthRows.filter((r) => prefer.includes(r.symbol));
    const heads = prefer.includes('heads') ? this.heads(value, region) : undefined;
    if (heads) return heads;
    for (const row of [...preferred, ...widthRows]) {
      const field = row.fields.find((f) => sizeOf(region, f) === value);
      if (field) return this.bound(row.symbol, value, field, region);
    }
    const named = this.heads(value, region);
    if (named) return named;
    for (const name of ['n_h', 'n_kv'] as const) {
      const factor = this.factor(name, region);
      if (factor?.value === value) return this.bound(name, value, factor.field, region);
    }
    for (const neighbour of region.neighbours ?? []) {
      const row = widthRows.find((r) => r.fields.some((f) => sizeOf(neighbour, f) === value));
      const field = row?.fields.find((f) => sizeOf(neighbour, f) === value);
      if (row && field) return this.bound(row.symbol, value, field, neighbour);
    }
    return num(value);
  }

  /** A width as so many heads (`n_kv·d_h`), a fused projection's multiple, or undefined. */
  private heads(value: bigint, region: Region): Expr | undefined {
    for (const { factors } of headRows) {
      const [times, ...names] = factors;
      const values = names.map((n) => this.factor(n, region));
      if (values.some((v) => v === undefined)) continue;
      const product = values.reduce((a, v) => a! * v!.value, BigInt(times));
      if (product !== value) continue;
      const syms = values.map((v, i) => this.bound(names[i]!, v!.value, v!.field, region));
      return times === 1 ? mul(...syms) : mul(num(times), ...syms);
    }
    return undefined;
  }

  /** The count of a list's copies: `L` for the layers, `E` for the experts, when the config says so. */
  count(value: bigint, region: Region, of: 'layers' | 'experts'): Expr | undefined {
    const field = countRows[of].find((f) => sizeOf(region, f) === value);
    return field ? this.bound(of === 'layers' ? 'L' : 'E', value, field, region) : undefined;
  }

  /** How many of a list of experts a token passes through (`k_top`), when the config says. */
  expertsPerToken(region: Region): Expr | undefined {
    return this.field('k_top', ['num_experts_per_tok', 'moe_topk', 'top_k'], region);
  }

  /** The first of `fields` the region's config gives a size, as `symbol` bound to it. */
  field(symbol: string, fields: readonly string[], region: Region): Expr | undefined {
    const field = fields.find((f) => sizeOf(region, f) !== undefined);
    return field ? this.bound(symbol, sizeOf(region, field)!, field, region) : undefined;
  }

  /** A count of the checkpoint's own (`L_attn`: the layers that attend), bound to its value. */
  own(name: string, value: bigint, region: Region): Expr {
    const tagged = region.tag ? `${name}_${region.tag}` : name;
    this.sizes[tagged] = value;
    return sym(tagged);
  }

  private factor(name: string, region: Region): { value: bigint; field: string } | undefined {
    if (name in headFields) {
      const field = headFields[name]!.find((f) => sizeOf(region, f) !== undefined);
      return field ? { value: sizeOf(region, field)!, field } : undefined;
    }
    const row = widthRows.find((r) => r.symbol === name);
    const field = row?.fields.find((f) => sizeOf(region, f) !== undefined);
    return field ? { value: sizeOf(region, field)!, field } : undefined;
  }

  private bound(name: string, value: bigint, field: string, region: Region): Expr {
    const tagged = region.tag ? `${name}_${region.tag}` : name;
    this.sizes[tagged] = value;
    this.fields[tagged] = region.key ? `${region.key}.${field}` : field;
    return sym(tagged);
  }
}

/**
 * A config field's value as a size: a positive whole number. Anything else explains no dimension
 * (a dense model's `num_experts: 0`, a string), so it is passed over rather than refused: the
 * count comes from the header, and the config only names its dimensions.
 */
function sizeOf(region: Region, field: string): bigint | undefined {
  const value = region.fields[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) return undefined;
  return BigInt(value);
}
