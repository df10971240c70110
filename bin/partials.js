#!/usr/bin/env node
const { main, nodeIO } = require('../dist/cli.js');
process.exitCode = main(process.argv.slice(2), nodeIO);
