import { add, mul, num, type Expr } from '../../../expr/nodes.js';
import { fieldError } from '../../../errors/user-error.js';
import type { ConfigFields } from '../../config/config-fields.js';
import type { ModuleSpec } from '../../spec/model-spec.js';
import type { SizeBook } from '../building-blocks.js';
import { linear } from './encoder-parts.js';
import { intList } from './int-list.js';

/** What a speech head is built from: the config, the sizes, the encoder's width and layers. */
export interface SpeechHeadContext {
  readonly config: ConfigFields;
  readonly sizes: SizeBook;
  readonly d: Expr;
  readonly layers: Expr;
  /** Channels of the last feature conv layer (`conv_dim[-1]`), what the quantizer reads. */
  readonly feature: Expr;
}

const head = (spec: ModuleSpec): ModuleSpec => ({ ...spec, role: 'head' }) as ModuleSpec;

/** `layer_weights` [L + 1] when `use_weighted_layer_sum`: a weight for each hidden state. */
function layerWeights(c: SpeechHeadContext): ModuleSpec[] {
  if (!c.config.flag('use_weighted_layer_sum')) return [];
  return [
    {
      kind: 'tensor',
      key: 'layer_weights',
      name: 'layer weights',
      label: 'w',
      role: 'head',
      shape: [add(c.layers, num(1))],
    },
  ];
}

const labels = (c: SpeechHeadContext) => c.sizes.bind('n_labels', c.config.numLabels());

/** …ForSequenceClassification: `projector` (d → classifier_proj_size), mean pooling, `classifier`. */
export function sequenceClassifier(c: SpeechHeadContext): ModuleSpec[] {
  const proj = c.sizes.bind('d_cls', c.config.size('classifier_proj_size'));
  return [
    ...layerWeights(c),
    head(linear('projector', 'proj', c.d, proj)),
    head(linear('classifier', 'cls', proj, labels(c))),
  ];
}

/** …ForAudioFrameClassification: a `classifier` (d → labels) on every frame. */
export function frameClassifier(c: SpeechHeadContext): ModuleSpec[] {
  return [...layerWeights(c), head(linear('classifier', 'cls', c.d, labels(c)))];
}

/**
 * …ForXVector: `projector` (d → tdnn_dim[0]); the TDNN layers, each a biased Linear `kernel` of
 * tdnn_dim[i − 1]·tdnn_kernel[i] → tdnn_dim[i] (layer 0 reads tdnn_dim[0]); `feature_extractor`
 * over the pooled mean and deviation (2·tdnn_dim[−1] → xvector_output_dim); `classifier`; the
 * AM-softmax loss's own `objective.weight` [xvector_output_dim, labels], an nn.Parameter.
 */
export function xvectorHead(c: SpeechHeadContext): ModuleSpec[] {
  const dims = intList(c.config, 'tdnn_dim');
  const kernels = intList(c.config, 'tdnn_kernel');
  if (kernels.length !== dims.length)
    throw fieldError('tdnn_kernel', c.config.value('tdnn_kernel'), `${dims.length} kernels`);
  const out = c.sizes.bind('d_xvec', c.config.size('xvector_output_dim'));
  const tdnn: ModuleSpec = {
    kind: 'group',
    key: 'tdnn',
    name: 'TDNN layers',
    label: 'TDNN',
    children: dims.map((width, i) => ({
      kind: 'group',
      key: String(i),
      name: `TDNN layer ${i}`,
      label: `TDNN ${i}`,
      children: [linear('kernel', 'kernel', num((dims[i - 1] ?? width) * kernels[i]!), num(width))],
    })),
  };
  return [
    ...layerWeights(c),
    head(linear('projector', 'proj', c.d, num(dims[0]!))),
    head(tdnn),
    head(linear('feature_extractor', 'x-vector', num(2n * dims[dims.length - 1]!), out)),
    head(linear('classifier', 'cls', out, out)),
    {
      kind: 'group',
      key: 'objective',
      name: 'AM-softmax loss',
      label: 'objective',
      role: 'head',
      children: [{ kind: 'tensor', key: 'weight', label: 'W_obj', shape: [out, labels(c)] }],
    },
  ];
}

/**
 * Wav2Vec2ForPreTraining: the Gumbel quantizer (`codevectors` [1, G·V, codevector_dim / G],
 * `weight_proj` conv_dim[−1] → G·V with bias), `project_hid` (d → proj_codevector_dim) and
 * `project_q` (codevector_dim → proj_codevector_dim), both biased.
 */
export function pretrainingHead(c: SpeechHeadContext): ModuleSpec[] {
  const groups = c.config.size('num_codevector_groups');
  const width = c.config.size('codevector_dim');
  if (width % groups !== 0n)
    throw fieldError(
      'codevector_dim',
      Number(width),
      `a multiple of num_codevector_groups = ${groups}`,
    );
  const g = c.sizes.bind('G_code', groups);
  const codes = mul(g, c.sizes.bind('V_code', c.config.size('num_codevectors_per_group')));
  const perGroup = c.sizes.bind('d_code', width / groups);
  const projected = c.sizes.bind('d_vq', c.config.size('proj_codevector_dim'));
  return [
    {
      kind: 'group',
      key: 'quantizer',
      name: 'Gumbel vector quantizer',
      label: 'quantizer',
      role: 'head',
      children: [
        { kind: 'tensor', key: 'codevectors', label: 'codebook', shape: [num(1), codes, perGroup] },
        linear('weight_proj', 'code logits', c.feature, codes),
      ],
    },
    head(linear('project_hid', 'proj hid', c.d, projected)),
    head(linear('project_q', 'proj q', mul(g, perGroup), projected)),
  ];
}

/** The symbols the heads add, with their meaning and field. */
export const speechHeadSymbols = {
  d_cls: { meaning: 'width of the classifier projection', field: 'classifier_proj_size' },
  d_xvec: { meaning: 'width of the x-vector embedding', field: 'xvector_output_dim' },
  G_code: { meaning: 'codebooks of the quantizer', field: 'num_codevector_groups' },
  V_code: { meaning: 'codevectors in each codebook', field: 'num_codevectors_per_group' },
  d_code: {
    meaning: 'width of a codevector in one codebook (codevector_dim / G)',
    field: 'codevector_dim',
  },
  d_vq: { meaning: 'width the contrastive loss compares in', field: 'proj_codevector_dim' },
};
