import type { KvCache } from '../analysis/kv-cache.js';
import { vllmBlockSize, type KvEngine } from '../analysis/kv-engines.js';
import { UserError } from '../errors/user-error.js';

/** An exact fraction from a decimal the user wrote (`0.9` = 9/10). */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
  readonly text: string;
}

/** Where a budget comes from: asked for (`--kv-budget`), or the device's memory as the engine splits it. */
export interface KvBudgetRequest {
  readonly bytes?: bigint;
  /** Bytes of the device(s): vLLM keeps `utilization × memory − weights` for the cache. */
  readonly deviceMemory?: bigint;
}

/** What a KV budget holds: tokens, vLLM's blocks, and requests of the asked context. */
export interface KvBudget {
  readonly bytes: bigint;
  /** The device's split when the budget was derived from it. */
  readonly device?: {
    readonly memory: bigint;
    readonly fraction: Fraction;
    readonly weights: bigint;
  };
  readonly tokens: bigint;
  /** vLLM: whole blocks of `pageTokens` tokens. */
  readonly blocks?: bigint;
  readonly pageTokens?: bigint;
  /** Sequences of the asked context whose caches fit at once. */
  readonly requests: bigint;
}

/**
 * The budget's tokens: `⌊M_budget / M_kv/token⌋`, every attention layer counted (as vLLM's
 * `get_num_blocks` divides by every layer's page); vLLM counts whole blocks,
 * `⌊M_budget / (n_page·M_kv/token)⌋`, and tokens as blocks × `n_page`. Requests: `⌊M_budget / M_kv⌋`
 * with the cache of one sequence at the asked context, by the engine's rule.
 */
export function kvBudgetOf(
  engine: KvEngine,
  budget: { bytes: bigint; device?: KvBudget['device'] },
  cache: KvCache,
  oneSequence: bigint | undefined,
  blockSize: bigint = vllmBlockSize,
): KvBudget | undefined {
  const perToken = cache.perToken.value;
  if (perToken === undefined || perToken === 0n || oneSequence === undefined) return undefined;
  const bytes = budget.bytes < 0n ? 0n : budget.bytes;
  const requests = bytes / oneSequence;
  if (engine === 'vllm') {
    const blocks = bytes / (perToken * blockSize);
    return {
      ...budget,
      bytes,
      tokens: blocks * blockSize,
      blocks,
      pageTokens: blockSize,
      requests,
    };
  }
  return { ...budget, bytes, tokens: bytes / perToken, requests };
}

/** `u·M_device − M_weights`, rounded down, as vLLM's `determine_available_memory` leaves it. */
export function deviceBudget(
  memory: bigint,
  fraction: Fraction,
  weights: bigint,
  flag: string,
): { bytes: bigint; device: NonNullable<KvBudget['device']> } {
  const usable = (memory * fraction.numerator) / fraction.denominator;
  const bytes = usable - weights;
  if (bytes <= 0n)
    throw new UserError(
      `${flag}: the weights (${weights} bytes) leave no room for a KV cache in ${fraction.text} of ${memory} bytes`,
      { field: flag, received: fraction.text, expected: 'room for the weights and a cache' },
    );
  return { bytes, device: { memory, fraction, weights } };
}
