/**
 * The argument a helper thread of `tparams render` is started with (Worker's `argv`): the CLI's
 * script sees it as `process.argv[2]` and serves blocks instead of running a command. An argument,
 * not node:worker_threads' `isMainThread`: loading that module at every start cost 10 M
 * instructions.
 */
export const blockThreadFlag = '--tparams-block-thread';
