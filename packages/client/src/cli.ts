#!/usr/bin/env node
// The `coursesync` bin: everything lives in run(), which tests call in-process.
import { run } from './run-cli';

run(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
