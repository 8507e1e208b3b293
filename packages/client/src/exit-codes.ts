/**
 * The exit codes of the `coursesync` CLI; each failure has its own, so scripts can tell them apart.
 *
 * @example
 * ```sh
 * coursesync send course.json --url "$URL"; [ $? -eq 6 ] && echo "the receiver said no"
 * ```
 */
export const EXIT_CODES = {
  /** Done; for `send`, the receiver answered 2xx. */
  OK: 0,
  /** A bug or an unexpected failure. */
  UNEXPECTED: 1,
  /** A wrong command line: unknown command or option, missing FILE or --url, a bad number. */
  USAGE: 2,
  /** SPARK_WEBHOOK_SECRET is unset or empty. */
  MISSING_SECRET: 3,
  /** FILE cannot be read. */
  UNREADABLE_FILE: 4,
  /** FILE is not UTF-8 JSON. */
  INVALID_JSON: 5,
  /** `send`: the receiver answered, but not 2xx (after retries for 5xx and 429). */
  HTTP_ERROR: 6,
  /** `send`: no answer at all: every attempt timed out or failed to connect. */
  NO_ANSWER: 7,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit-code table printed under `coursesync --help` and in the README. */
export const EXIT_CODES_HELP = `
Environment:
  SPARK_WEBHOOK_SECRET  the shared secret (comma-separated during a rotation: the first one signs)

Exit codes:
  0  done (send: the receiver answered 2xx)
  1  unexpected error
  2  wrong command line (unknown command or option, missing FILE or --url, bad number)
  3  SPARK_WEBHOOK_SECRET unset or empty
  4  FILE cannot be read
  5  FILE is not UTF-8 JSON
  6  send: the receiver answered non-2xx (5xx and 429 after all retries)
  7  send: no answer (every attempt timed out or could not connect)
`;
