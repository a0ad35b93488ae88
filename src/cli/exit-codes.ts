/** Exit codes: 0 done, 1 an internal failure (a bug), 2 a user mistake, 3 a checkpoint that differs from its derivation. */
export const USER_ERROR = 2;
export const CHECKPOINT_DIFFERS = 3;
