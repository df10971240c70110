#!/usr/bin/env node
// The launcher (src/cli/launcher.ts, a few kB) runs the command in a worker thread that loads the engine
// (dist/cli.js) there, with a time limit (--timeout, default 5 s) and a heap limit.
const { runCli } = require('../dist/cli-launcher.js');
runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
