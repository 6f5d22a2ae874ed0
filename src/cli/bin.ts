#!/usr/bin/env node
// The dpuforge executable: runs the CLI and sets the exit code.
import { runCli } from './main.js';

runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
