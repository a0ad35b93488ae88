import { type Expr, num } from '../expr/nodes.js';
import type { ModuleSpec, RepeatSpec } from '../models/spec/model-spec.js';
import { DimensionNames, type Region } from './dimension-names.js';
import { type LeafContext, leafModules, rawParameters } from './leaf-modules.js';
import { roleOf } from './module-roles.js';
import { isNumberedList, type ModuleNode, type ModuleTree } from './module-tree.js';
import { Signatures } from './signatures.js';
import { stackNames } from './stack-names.js';

/**
 * The nested configs a module's name points to: a tower's sizes are its own config's, and its
 * symbols carry the tower's tag (`d_model_vis`); the language model's are the text config's.
 */
const regionRules: ReadonlyArray<{ pattern: RegExp; key: string; tag?: string }> = [
  {
    pattern: /^(vision_tower|vision_model|visual|vision_encoder|vision|image_encoder|vit)$/,
    key: 'vision_config',
    tag: 'vis',
  },
  { pattern: /^(audio_tower|audio_model|audio_encoder|audio)$/, key: 'audio_config', tag: 'aud' },
  { pattern: /^(language_model|text_model|llm)$/, key: 'text_config' },
];

/**
 * Where a dimension's place says which of several equal fields it is: a router's outputs are the
 * experts (`E`, where `moe_intermediate_size` may be as large), and so is the first dimension of
 * experts stored fused (`experts.gate_up_proj` `[E, 2·d_moe, d_model]`).
 */
const preferenceRules: ReadonlyArray<{
  readonly applies: (path: readonly string[], key: string, at: number, rank: number) => boolean;
  readonly symbols: readonly string[];
}> = [
  {
    applies: (_, key, at) => /^(gate|router|router\.layer|ffn_gate_inp)$/.test(key) && at === 0,
    symbols: ['E'],
  },
  {
    applies: (path, key, at, rank) =>
      rank === 3 && at === 0 && [...path, key].some((p) => /expert|_exps$/.test(p)),
    symbols: ['E'],
  },
  { applies: (_, key, at) => /^(score|classifier)$/.test(key) && at === 0, symbols: ['n_labels'] },
  // An attention projection's head side is heads (`q_proj`: d_model → n_h·d_h), even where equal to
  // d_model: the outputs of Q, K and V, the input of O.
  {
    applies: (path, key, at) =>
      roleOf(path) === 'attention' &&
      ((at === 0 && headOutputs.test(key)) || (at === 1 && headInputs.test(key))),
    symbols: ['heads'],
  },
];

/** A module of experts stored fused: transformers' `experts`, llama.cpp's `ffn_gate_exps`. */
const fusedExpertName = /^experts$|_exps$/;

const headOutputs =
  /^(q_proj|k_proj|v_proj|query|key|value|qkv_proj|c_attn|query_key_value|wq|wk|wv|attn_q|attn_k|attn_v|attn_qkv)$/;
const headInputs = /^(o_proj|wo|out_proj|dense|attn_output|c_proj)$/;

function preferredSymbols(
  path: readonly string[],
  key: string,
  at: number,
  rank: number,
): readonly string[] {
  return preferenceRules.filter((r) => r.applies(path, key, at, rank)).flatMap((r) => r.symbols);
}

/** The symbols that name a stack's kinds of layers, with their meanings. */
export interface StackSymbol {
  readonly meaning: string;
}

/** Reads a checkpoint's module tree as declarations: leaves by their shapes, numbered lists as repeats. */
export class HeaderStructure {
  readonly names = new DimensionNames();
  /** Counts this checkpoint names itself (`L_attn`), with what they count. */
  readonly ownSymbols: Record<string, StackSymbol> = {};
  private readonly top: Region;
  private readonly regions = new Map<string, Region>();
  private signatures: Signatures | undefined;

  constructor(private readonly config: Readonly<Record<string, unknown>>) {
    // A composite's language model is its text config; the modules outside every tower read it.
    const text = objectField(config, 'text_config');
    const neighbours = regionRules.flatMap((rule) => {
      const fields = rule.tag ? objectField(config, rule.key) : undefined;
      return fields ? [{ fields, key: rule.key, tag: rule.tag! }] : [];
    });
    this.top = { fields: text ? { ...config, ...text } : config, neighbours };
  }

  /** The language model's config size among `fields`, as `symbol` (a scan's state width). */
  configSize(symbol: string, fields: readonly string[]): Expr | undefined {
    return this.names.field(symbol, fields, this.top);
  }

  /** The declarations of the tree's modules. */
  modules(tree: ModuleTree): ModuleSpec[] {
    this.signatures = new Signatures(tree);
    // The base model under `model` is written P_base, as the families write it, not P_model,model.
    return this.children(tree.root, [], this.top).map((m) =>
      m.key === 'model' && m.kind === 'group' ? { ...m, label: 'base' } : m,
    );
  }

  private children(node: ModuleNode, path: readonly string[], region: Region): ModuleSpec[] {
    const own = rawParameters(node, this.context(path, region));
    const subs = node.children.flatMap((child) =>
      this.module(child, [...path, child.name], region),
    );
    return [...own, ...subs];
  }

  private module(node: ModuleNode, path: readonly string[], outer: Region): ModuleSpec[] {
    const region = this.regionOf(node.name, outer);
    if (isNumberedList(node)) return this.list(node, path, region);
    if (node.children.length === 0)
      return [
        this.fusedExperts(node, path, region) ??
          leafModules(node, node.name, this.context(path, region)),
      ].flat();
    return [{ kind: 'group', key: node.name, children: this.children(node, path, region) }];
  }

  /**
   * A ModuleList: its items grouped by what they hold (the same relative names and shapes), one
   * repeat a group. One group is `L` copies (or `E`, a list of experts) under the list's name;
   * several are each a count of its own (`L_attn`, `L_lin`), at their indices in the list.
   */
  private list(node: ModuleNode, path: readonly string[], region: Region): ModuleSpec[] {
    // Grouped by the items' tree signatures, so each group's declaration is built once.
    const built = this.signatures!.groups(node).map(({ first, at }) => ({
      item: this.item(first, [...path, first.name], region),
      at,
    }));
    const of = /expert/.test(node.name) ? 'experts' : 'layers';
    if (built.length === 1) {
      const { item, at } = built[0]!;
      const count = BigInt(at.length);
      const contiguous = at.every((i, n) => i === n);
      // A list of experts is routed: a token passes through k_top of them, where the config says.
      const active = of === 'experts' ? this.names.expertsPerToken(region) : undefined;
      return [
        this.repeat(node.name, item, this.names.count(count, region, of) ?? num(count), {
          ...(contiguous ? {} : { indexAs: { key: node.name, at: at.map(BigInt) } }),
          ...(active ? { activeCount: active } : {}),
        }),
      ];
    }
    const tags = stackNames(built.map((g) => g.item));
    return built.map(({ item, at }, i) => {
      const tag = tags[i]!;
      const count = this.names.own(`L_${tag.tag}`, BigInt(at.length), region);
      const name = (count as { name: string }).name;
      this.ownSymbols[name] = { meaning: tag.meaning };
      return this.repeat(`${tag.tag}_${node.name}`, item, count, {
        name: `${node.name} (${tag.meaning})`,
        indexAs: { key: node.name, at: at.map(BigInt) },
      });
    });
  }

  /**
   * Experts stored fused, one tensor each for all of them (`experts.gate_up_proj` [E, 2·d_moe, d],
   * llama.cpp's `ffn_up_exps` [E, d_moe, d]): E copies of one expert's tensors, routed `k_top` of
   * E where the config says, and named as stored. Undefined for any other leaf.
   */
  private fusedExperts(
    node: ModuleNode,
    path: readonly string[],
    region: Region,
  ): RepeatSpec | undefined {
    if (!fusedExpertName.test(node.name)) return undefined;
    const tensors = node.parameters;
    const experts = tensors[0]?.info.shape[0];
    if (
      experts === undefined ||
      experts < 2n ||
      !tensors.some(({ info }) => info.shape.length === 3) ||
      !tensors.every(({ info }) => info.shape.length >= 2 && info.shape[0] === experts)
    )
      return undefined;
    const context = this.context(path, region);
    const shapes = tensors.map(({ name, info }) => [name, context.dims(info.shape, name)] as const);
    const active = this.names.expertsPerToken(region);
    return this.repeat(
      node.name,
      {
        kind: 'group',
        key: 'expert',
        children: shapes.map(([name, dims]) => ({
          kind: 'tensor',
          key: name,
          shape: dims.slice(1),
          role: context.role,
        })),
      },
      this.names.width(experts, region, ['E']),
      {
        stored: shapes.map(([name, dims]) => ({ name: `${node.name}.${name}`, shape: dims })),
        ...(active ? { activeCount: active } : {}),
      },
    );
  }

  /** One item of a list, as a group of its modules (named `item`: its index is the repeat's). */
  private item(node: ModuleNode, path: readonly string[], region: Region): ModuleSpec {
    if (node.children.length === 0 && !isNumberedList(node)) {
      const leaf = leafModules(node, 'item', this.context(path, region));
      if (leaf.length === 1) return leaf[0]!;
    }
    return {
      kind: 'group',
      key: singular(path.at(-2) ?? 'item'),
      children: this.children(node, path, region),
    };
  }

  private repeat(
    key: string,
    child: ModuleSpec,
    count: Expr,
    extra: Partial<RepeatSpec>,
  ): RepeatSpec {
    return { kind: 'repeat', key, count, child, ...extra };
  }

  private context(path: readonly string[], region: Region): LeafContext {
    return {
      dims: (shape, key) =>
        shape.map((value, at) =>
          this.names.width(value, region, preferredSymbols(path, key, at, shape.length)),
        ),
      role: roleOf(path),
    };
  }

  private regionOf(name: string, outer: Region): Region {
    const rule = regionRules.find((r) => r.pattern.test(name));
    if (!rule || outer.key) return outer;
    const fields = objectField(this.config, rule.key);
    if (!fields) return outer;
    // One object a region, so the widths read in it are cached together.
    const region = this.regions.get(rule.key) ?? {
      fields,
      key: rule.key,
      ...(rule.tag ? { tag: rule.tag } : {}),
    };
    this.regions.set(rule.key, region);
    return region;
  }
}

function objectField(
  config: Readonly<Record<string, unknown>>,
  key: string,
): Readonly<Record<string, unknown>> | undefined {
  const value = config[key];
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** What one item of a list is called: `layers` → `layer`, `experts` → `expert`, `h` → `h item`. */
function singular(list: string): string {
  return /[a-z]{3,}s$/.test(list) ? list.slice(0, -1) : `${list} item`;
}
