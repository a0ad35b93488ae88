import type { ConfigFields, RawConfig } from '../config/config-fields.js';
import type { ModelSpec, ModuleSpec } from '../spec/model-spec.js';
import { classHeads, type EncoderStyle, headsOf } from './bert-heads.js';
import { SizeBook, widthAndVocab } from './building-blocks.js';
import type { Family } from './family.js';
import { bertEmbeddings, bertLayer, pooler } from './parts/bert-encoder.js';

/**
 * BERT and RoBERTa (modeling_bert.py, modeling_roberta.py): embeddings (word, position, token type,
 * LayerNorm), L encoder layers, an optional pooler, and the task heads each class adds.
 * RoBERTa's position offset (padding_idx + 1) is already in its config: max_position_embeddings 514.
 */
interface EncoderDescription {
  modelTypes: string[];
  /** The class-name prefix: `Bert`, `Roberta`, `XLMRoberta`. */
  prefix: string;
  /** RoBERTa's heads (`lm_head`, a two-layer classifier) rather than BERT's (`cls`, one linear). */
  style: EncoderStyle;
  defaults: RawConfig;
}

function encoderFamily(description: EncoderDescription): Family {
  const classes =
    description.style === 'bert'
      ? [
          'ForMaskedLM',
          'Model',
          'ForPreTraining',
          'LMHeadModel',
          'ForNextSentencePrediction',
          'ForSequenceClassification',
          'ForMultipleChoice',
          'ForTokenClassification',
          'ForQuestionAnswering',
        ]
      : [
          'ForMaskedLM',
          'Model',
          'ForCausalLM',
          'ForSequenceClassification',
          'ForMultipleChoice',
          'ForTokenClassification',
          'ForQuestionAnswering',
        ];
  return {
    modelTypes: description.modelTypes,
    defaults: description.defaults,
    classes: classes.map((c) => description.prefix + c),
    build: (config, className) => buildEncoder(description, config, className),
  };
}

function buildEncoder(
  description: EncoderDescription,
  config: ConfigFields,
  className: string,
): ModelSpec {
  const sizes = new SizeBook();
  const { d, vocab } = widthAndVocab(config, sizes);
  const embeddings = bertEmbeddings(config, sizes, vocab, d);
  const layer = bertLayer(
    d,
    sizes.bind('d_ff', config.size('intermediate_size')),
    config.flag('is_decoder') && config.flag('add_cross_attention'),
  );
  const kind = classHeads[className.slice(description.prefix.length)]!;
  const encoderModules: ModuleSpec[] = [
    embeddings,
    {
      kind: 'repeat',
      key: 'encoder',
      listKey: 'layer',
      name: 'encoder layers',
      label: 'layers',
      count: sizes.bind('L', config.size('num_hidden_layers')),
      child: layer,
    },
  ];
  if (kind.pooler) encoderModules.push(pooler(d));
  const base: ModuleSpec = {
    kind: 'group',
    key: description.style,
    name: `${description.prefix}Model`,
    label: 'base',
    children: encoderModules,
  };
  const modules =
    className === `${description.prefix}Model`
      ? encoderModules
      : [base, ...headsOf(kind.head, description.style, { config, sizes, d, vocab })];
  return { name: className, sizes: sizes.sizes, modules };
}

const encoderDefaults = {
  is_decoder: false, // bert-base/large-uncased, roberta-base, xlm-roberta-base leave it out
  add_cross_attention: false, // the same four leave it out
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  tie_word_embeddings: true, // bert-base/large-uncased, roberta-base, xlm-roberta-base leave it out
};

/** BERT: BertConfig defaults (vocab 30522, 512 positions, 2 token types); the MLM decoder is tied. */
export const bert = encoderFamily({
  modelTypes: ['bert'],
  prefix: 'Bert',
  style: 'bert',
  defaults: { vocab_size: 30522, ...encoderDefaults },
});

/** RoBERTa: BERT's shapes; its config.json carries 514 positions and 1 token type. */
export const roberta = encoderFamily({
  modelTypes: ['roberta'],
  prefix: 'Roberta',
  style: 'roberta',
  defaults: { vocab_size: 50265, ...encoderDefaults },
});

/** XLM-RoBERTa: RoBERTa's modules and heads; XLMRobertaConfig keeps BERT's defaults (its config.json says 250002 words, 514 positions). */
export const xlmRoberta = encoderFamily({
  modelTypes: ['xlm-roberta'],
  prefix: 'XLMRoberta',
  style: 'roberta',
  defaults: { vocab_size: 30522, ...encoderDefaults },
});
