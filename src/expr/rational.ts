/** Exact rationals over bigint, for interpolating and solving polynomials in one variable. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1n;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ratAdd = (a: Rational, b: Rational) => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const ratSub = (a: Rational, b: Rational) => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const ratMul = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d);
export const ratDiv = (a: Rational, b: Rational) => rational(a.n * b.d, a.d * b.n);
export const ratCompare = (a: Rational, b: Rational) => {
  const diff = a.n * b.d - b.n * a.d;
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};
export const ratToNumber = (a: Rational) => Number(a.n) / Number(a.d);

/** A polynomial's value at x: coefficients from the constant term up. */
export function polyAt(coefficients: readonly Rational[], x: Rational): Rational {
  return coefficients.reduceRight((acc, c) => ratAdd(ratMul(acc, x), c), rational(0n));
}

/** The polynomial of degree < points.length through the points (Lagrange), coefficients from the constant term up. */
export function interpolate(points: ReadonlyArray<readonly [bigint, bigint]>): Rational[] {
  let result: Rational[] = points.map(() => rational(0n));
  points.forEach(([xi, yi], i) => {
    // basis_i(x) = Π_{j≠i} (x − x_j) / (x_i − x_j)
    let basis: Rational[] = [rational(1n)];
    let denominator = rational(1n);
    points.forEach(([xj], j) => {
      if (j === i) return;
      const next: Rational[] = Array.from({ length: basis.length + 1 }, () => rational(0n));
      basis.forEach((c, k) => {
        next[k + 1] = ratAdd(next[k + 1]!, c);
        next[k] = ratSub(next[k]!, ratMul(c, rational(xj)));
      });
      basis = next;
      denominator = ratMul(denominator, rational(xi - xj));
    });
    const scale = ratDiv(rational(yi), denominator);
    result = result.map((c, k) => ratAdd(c, ratMul(basis[k] ?? rational(0n), scale)));
  });
  while (result.length > 1 && result.at(-1)!.n === 0n) result.pop();
  return result;
}
