import { llamaFileTypes } from '../analysis/llama-quant-types.js';
import type { WeightRequest } from '../analysis/memory.js';
import { UserError } from '../errors/user-error.js';

/**
 * A llama.cpp file type says itself how every tensor is stored (its blocks carry their scales, and
 * llama-quantize's rules pick the embeddings' and the head's types): `--group-size` and
 * `--also-quantize` have nothing left to say, and are refused rather than ignored.
 */
export function checkLlamaWeights(request: WeightRequest): void {
  const name = llamaFileTypes[request.dtype as keyof typeof llamaFileTypes]?.name ?? request.dtype;
  if (request.groupSize !== undefined)
    throw new UserError(
      `--group-size applies to --dtype int4 or int8, not ${request.dtype}: llama.cpp's ${name} stores a scale in each of its own blocks`,
      {
        field: '--group-size',
        received: String(request.groupSize),
        expected: 'with --dtype int4 or int8',
      },
    );
  if (request.also !== undefined)
    throw new UserError(
      `--also-quantize applies to fp8, int8, int4 or mxfp4, not ${request.dtype}: llama.cpp's ${name} already quantizes the token embeddings and the output head (llama-quantize's rules pick their types)`,
      {
        field: '--also-quantize',
        received: [request.also.embeddings ? 'embeddings' : '', request.also.head ? 'head' : '']
          .filter(Boolean)
          .join(','),
      },
    );
}
