import type { Command } from 'commander';
import { deriveCommand } from './derive-command.js';
import { memoryCommand } from './memory-command.js';
import { flopsCommand } from './flops-command.js';
import { speedCommand } from './speed-command.js';
import { solveCommand } from './solve-command.js';
import { sweepCommand } from './sweep-command.js';
import { diffCommand } from './diff-command.js';
import { verifyCommand } from './verify-command.js';
import { serveCommand } from './serve-command.js';
import { listCommand } from './list-command.js';
import { renderCommand } from './render-command.js';
import { loraCommand } from './lora-command.js';

/**
 * The commands, each a function that adds itself to the program: a run builds only the command it
 * names (commander's setup of all of them was a tenth of a cold start), and every one for help.
 */
export const commands: Record<string, (program: Command) => void> = {
  derive: deriveCommand,
  memory: memoryCommand,
  lora: loraCommand,
  flops: flopsCommand,
  speed: speedCommand,
  solve: solveCommand,
  sweep: sweepCommand,
  diff: diffCommand,
  render: renderCommand,
  verify: verifyCommand,
  serve: serveCommand,
  list: listCommand,
};
