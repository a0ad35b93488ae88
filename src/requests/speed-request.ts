import { formulaOf } from '../components/part.js';
import { deriveFigure } from '../derive/figure.js';
import type { Derivation } from '../derive/steps.js';
import { add, label, mul, neg, num, ref, sym, type Expr } from '../expr/nodes.js';
import type { CacheType } from '../analysis/kv-cache.js';
import { llamaFileTypes, type LlamaFileTypeName } from '../analysis/llama-quant-types.js';
import { weightMemory, type WeightRequest, type WeightType } from '../analysis/memory.js';
import { divide, ratio, roofline, type Ratio, type Roofline } from '../analysis/roofline.js';
import { tokenReads, type Unread } from '../analysis/token-reads.js';
import { UserError } from '../errors/user-error.js';
import { bandwidthBytes, memoryBytes, peakFlops, type ElementType } from '../hardware/gpu-spec.js';
import type { GpuRequest } from '../hardware/gpu-table.js';
import type { Report } from '../report/report.js';
import { flopsFigures } from './compute-request.js';
import { memoryTotal } from './fits.js';
import { memoryFigures, type MemoryFigures } from './memory-request.js';

/**
 * llama-bench's default prompt, `-p 512` (llama.cpp, tools/llama-bench): the context a speed
 * figure assumes when none is asked for, the prompt of the prefill and the cache a decoded token reads.
 */
export const defaultSpeedContext = 512n;

/**
 * llama.cpp's file types on CUDA: F16 through cuBLAS in fp16; the block-quantized ones through its
 * MMQ kernels (ggml-cuda `mmq.cuh`), which quantize the activations to q8_1 and multiply in int8.
 */
function llamaCompute(): Record<LlamaFileTypeName, ElementType> {
  const names = Object.keys(llamaFileTypes) as LlamaFileTypeName[];
  return Object.fromEntries(names.map((t) => [t, t === 'f16' ? 'fp16' : 'int8'])) as Record<
    LlamaFileTypeName,
    ElementType
  >;
}
const llamaComputeTypes = llamaCompute();

/**
 * The element type the matrix multiplications run in for a weight type: the weights' own where
 * the units take it (fp8 and int8 as W8A8 engines run them), 16-bit for weight-only 4-bit types,
 * which are widened to fp16 (GPTQ, AWQ) or bf16 (gpt-oss's MXFP4) before they multiply.
 */
export const computeTypes: Record<WeightType, ElementType> = {
  fp32: 'fp32',
  fp16: 'fp16',
  bf16: 'bf16',
  fp8: 'fp8',
  int8: 'int8',
  int4: 'fp16',
  mxfp4: 'bf16',
  ...llamaComputeTypes,
};

/** What `tparams speed` asks for. */
export interface SpeedRequest {
  readonly weights: WeightRequest;
  readonly kvDtype?: CacheType;
  /** Tokens of prompt, and the cache a decoded token reads; default 512 (or the model's longest, if shorter). */
  readonly context?: bigint;
  readonly batch: bigint;
  /** The GPUs, from the table; optional when `bandwidth` is given. */
  readonly gpu?: GpuRequest;
  /** Bytes a second for one GPU, instead of the table's (`--bandwidth`). */
  readonly bandwidth?: bigint;
  /** FLOP/s for one GPU in the compute type, instead of the table's (`--tflops`). */
  readonly peak?: bigint;
}

/** The hardware a roofline assumes: all GPUs together, each figure with where it came from. */
export interface SpeedHardware {
  readonly gpu?: GpuRequest;
  readonly count: bigint;
  /** Bytes a second, all GPUs. */
  readonly bandwidth: bigint;
  readonly bandwidthFrom: 'table' | 'option';
  readonly element: ElementType;
  /** FLOP/s in `element`, all GPUs, when known. */
  readonly peak?: bigint;
  readonly peakFrom?: 'table' | 'option';
}

/** `tparams speed`'s figures: the bytes and FLOPs of a step as derivations, and their rooflines. */
export interface SpeedFigures {
  readonly hardware: SpeedHardware;
  readonly memory: MemoryFigures;
  readonly context: bigint;
  readonly batch: bigint;
  /** Bytes of weights a decode step leaves unread, and why. */
  readonly unread: { readonly bytes: bigint; readonly what: readonly Unread[] };
  /** `M_step`: the bytes a decode step reads at least. */
  readonly step: Derivation;
  /** Kaplan's forward FLOPs a token at the context, when the model has one attention width. */
  readonly forward?: Derivation;
  /** `F_prefill = B·n_ctx·C_fwd`. */
  readonly prefill?: Derivation;
  /** A decode step of B tokens: memory (M_step / BW) against compute (B·C_fwd / P). */
  readonly decode: Roofline;
  /** Tokens a second over the batch, an upper bound: B over the step's least time. */
  readonly decodeTokensPerSecond: Ratio;
  /** `F_prefill / P`: the prompt's least compute time. */
  readonly prefillSeconds?: Ratio;
  /** The prompt's step: its FLOPs against reading the weights and cache once. */
  readonly firstToken: Roofline;
  /** What the weights and cache take against the GPUs' memory, when the GPUs are from the table. */
  readonly memoryFit?: {
    readonly bytes: bigint;
    readonly capacity: bigint;
    readonly fits: boolean;
  };
}

/** The speed figures of a derived model on the request's GPUs. */
export function speedFigures(report: Report, request: SpeedRequest): SpeedFigures {
  const model = report.model;
  if (!model) throw new Error('speedFigures takes the report of a model');
  // An encoder keeps no cache: it reads its input once and generates nothing token by token.
  if (!model.kvCache && !model.recurrentState && model.modelType !== 'spec')
    throw new UserError(
      `${model.className} does not generate token by token (it keeps no cache): speed bounds generation; tparams flops gives its forward pass`,
      { field: 'target', received: report.subject.id, expected: 'a model that generates' },
    );
  // A model shorter than llama-bench's prompt is read at its own longest context.
  const longest = model.contextLength;
  const context =
    request.context ??
    (longest !== undefined && longest < defaultSpeedContext ? longest : defaultSpeedContext);
  const { batch } = request;
  const hardware = hardwareOf(request);
  const memory = memoryFigures(report, {
    weights: request.weights,
    ...(request.kvDtype ? { kvDtype: request.kvDtype } : {}),
    context,
    batch,
  });
  const reads = tokenReads(report.part);
  const readBytes = weightMemory(
    { part: reads.tree, bindings: report.bindings, tree: { formula: formulaOf(reads.tree) } },
    request.weights,
  ).bytes;
  const weightBytes = memory.weights.bytes;
  if (weightBytes === undefined || readBytes === undefined)
    throw new UserError(`${report.title}: its sizes are not all known, so no bytes to read`, {
      field: 'target',
    });
  const unread = { bytes: weightBytes - readBytes, what: reads.unread };
  const step = stepDerivation(report, memory, weightBytes, unread.bytes);
  const flops = flopsFigures(report, { context, batch });
  const forward = flops.forward;
  const prefill =
    forward?.value !== undefined ? prefillDerivation(forward.value, context, batch) : undefined;
  const stepBytes = step.value!;
  const decode = roofline(
    stepBytes,
    hardware.bandwidth,
    forward?.value !== undefined ? batch * forward.value : undefined,
    hardware.peak,
  );
  const prefillSeconds =
    prefill?.value !== undefined && hardware.peak !== undefined
      ? ratio(prefill.value, hardware.peak)
      : undefined;
  return {
    hardware,
    memory,
    context,
    batch,
    unread,
    step,
    ...(forward ? { forward } : {}),
    ...(prefill ? { prefill } : {}),
    decode,
    decodeTokensPerSecond: divide(ratio(batch, 1n), decode.seconds),
    ...(prefillSeconds ? { prefillSeconds } : {}),
    firstToken: roofline(stepBytes, hardware.bandwidth, prefill?.value, hardware.peak),
    ...memoryFitOf(memory, request.gpu),
  };
}

/** Whether the weights and cache fit the GPUs, for the reader to see a bound that assumes they do. */
function memoryFitOf(memory: MemoryFigures, gpu: GpuRequest | undefined) {
  const bytes = memoryTotal(memory);
  if (!gpu || bytes === undefined) return {};
  const capacity = memoryBytes(gpu.spec) * gpu.count;
  return { memoryFit: { bytes, capacity, fits: bytes <= capacity } };
}

/** The GPUs' bandwidth and peak, all of them together, from the table or the options. */
function hardwareOf(request: SpeedRequest): SpeedHardware {
  const { gpu } = request;
  const count = gpu?.count ?? 1n;
  const element = computeTypes[request.weights.dtype];
  const perGpuBandwidth = request.bandwidth ?? (gpu ? bandwidthBytes(gpu.spec) : undefined);
  if (perGpuBandwidth === undefined)
    throw new UserError(
      'speed needs a GPU: --gpu NAME (see the README for the table) or --bandwidth',
      {
        field: '--gpu',
        expected: 'a GPU name, or --bandwidth GB/s',
      },
    );
  const tablePeak = gpu ? peakFlops(gpu.spec, element) : undefined;
  const perGpuPeak = request.peak ?? tablePeak;
  return {
    ...(gpu ? { gpu } : {}),
    count,
    bandwidth: count * perGpuBandwidth,
    bandwidthFrom: request.bandwidth !== undefined ? 'option' : 'table',
    element,
    ...(perGpuPeak !== undefined
      ? { peak: count * perGpuPeak, peakFrom: request.peak !== undefined ? 'option' : 'table' }
      : {}),
  };
}

/**
 * `M_step = M_weights − M_unread + M_kv (+ M_state)`: the weights a step streams once for the whole
 * batch, and each sequence's cache (and recurrent state) at the context. The cache's own
 * definition is opened in place, so the step shows its sizes.
 */
function stepDerivation(
  report: Report,
  memory: MemoryFigures,
  weights: bigint,
  unread: bigint,
): Derivation {
  const terms: Expr[] = [ref(label('M', 'weights'), num(weights))];
  if (unread > 0n) terms.push(neg(ref(label('M', 'unread'), num(unread))));
  let sizes = { ...report.bindings };
  if (memory.kv) {
    const total = memory.kv.cache.total;
    terms.push(ref(label('M', 'kv'), total.steps[0]?.expr ?? num(total.value ?? 0n)));
    sizes = { ...sizes, ...memory.kv.cache.sizes };
  }
  if (memory.state) {
    const total = memory.state.memory.total;
    terms.push(ref(label('M', 'state'), total.steps[0]?.expr ?? num(total.value ?? 0n)));
    sizes = { ...sizes, ...memory.state.memory.sizes };
  }
  return deriveFigure(label('M', 'step'), add(...terms), sizes);
}

/** `F_prefill = B·n_ctx·C_fwd`: every prompt token of every sequence through the forward pass. */
function prefillDerivation(forward: bigint, context: bigint, batch: bigint): Derivation {
  return deriveFigure(
    label('F', 'prefill'),
    mul(sym('B'), sym('n_ctx'), ref(label('C', 'fwd'), num(forward))),
    { B: batch, n_ctx: context },
  );
}
