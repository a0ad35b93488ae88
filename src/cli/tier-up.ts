import v8 from 'node:v8';

/**
 * TurboFan's tier-up threshold for a run of much code in one go (V8's default is 67,584 bytecode
 * units): a document typeset by KaTeX, or a long note's blocks, take well under a second, too
 * short for the optimised code to repay its compiles on background threads (570 M instructions
 * of DeepSeek-V3's HTML document; 230 M of a 50-block note in Markdown), and a longer run still
 * reaches TurboFan, later.
 */
const lateInterruptBudget = 1_000_000;

/**
 * Raises the tier-up threshold for the rest of the process. Only once every code cache this
 * process will read is read: V8 rejects a cache made under other flags (the CLI's script, KaTeX's,
 * a helper thread's), and for the same reason never in the build's code-cache writer.
 */
export function tierUpLater(): void {
  v8.setFlagsFromString(`--interrupt-budget=${lateInterruptBudget}`);
}
