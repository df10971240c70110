#!/usr/bin/env node
// The command runs in a worker thread with a time limit (--timeout, default 5 s) and a heap limit: src/cli/main.ts runCli.
const { runCli } = require('../dist/cli.js');
runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
