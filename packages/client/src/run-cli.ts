import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { CliFailure, type CliIo, curlCommand, sendCommand, signCommand } from './cli-commands';
import { EXIT_CODES, EXIT_CODES_HELP } from './exit-codes';

export type { CliIo } from './cli-commands';

/**
 * Runs the `coursesync` CLI on `argv` (the arguments after the program name) and resolves to the exit
 * code; it never calls `process.exit`, so tests run it in-process. Exit codes: {@link EXIT_CODES}.
 *
 * @example
 * ```ts
 * process.exitCode = await run(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr })
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Help and --version end with a CommanderError of exit code 0; every other one is a wrong command line.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.OK : EXIT_CODES.USAGE;
    if (error instanceof CliFailure) {
      io.stderr.write(`coursesync: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`coursesync: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_CODES.UNEXPECTED;
  }
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('coursesync')
    .description('Sign and send SPARK course-sync webhooks; test a sender against a reference server.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(run coursesync --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  program
    .command('sign')
    .description("print the hex HMAC-SHA256 signature of FILE's exact bytes")
    .argument('<FILE>', 'the JSON payload file')
    .action(async (file: string) => setExitCode(await signCommand(file, io)));

  program
    .command('curl')
    .description('print a ready curl command that POSTs FILE (compacted to one line) with its signature')
    .argument('<FILE>', 'the JSON payload file')
    .requiredOption('--url <URL>', 'the webhook URL, e.g. http://127.0.0.1:3000/spark/webhook/course', parseUrl)
    .action(async (file: string, options: { url: string }) => setExitCode(await curlCommand(file, options.url, io)));

  program
    .command('send')
    .description("POST FILE's exact bytes, signed, retrying 5xx, 429, timeouts and network errors; print the answer")
    .argument('<FILE>', 'the JSON payload file')
    .requiredOption('--url <URL>', 'the webhook URL, e.g. http://127.0.0.1:3000/spark/webhook/course', parseUrl)
    .option('--retries <N>', 'retries after the first attempt', parseWholeNumber, 3)
    .option('--timeout <MS>', 'time limit of each attempt in milliseconds', parsePositiveNumber, 10_000)
    .action(async (file: string, options: { url: string; retries: number; timeout: number }) =>
      setExitCode(await sendCommand(file, options, io)),
    );

  return program;
}

function parseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new InvalidArgumentError('Give an absolute http(s) URL.');
  return url.href;
}

function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Give a whole number, 0 or more.');
  return Number(value);
}

function parsePositiveNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new InvalidArgumentError('Give a whole number above 0.');
  return Number(value);
}
