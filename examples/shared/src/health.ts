/** The answer of `GET /healthz`. */
export interface HealthResponse {
  readonly status: 200 | 503;
  readonly body: { readonly status: 'ok' | 'unavailable' };
}

/**
 * `GET /healthz`: 200 `{"status":"ok"}` when the database answers, 503 `{"status":"unavailable"}` otherwise.
 *
 * @example
 * ```ts
 * app.get('/healthz', async (_request, reply) => {
 *   const { status, body } = await healthCheck(config.isHealthy)
 *   return reply.code(status).send(body)
 * })
 * ```
 */
export async function healthCheck(isHealthy: () => Promise<boolean>): Promise<HealthResponse> {
  const healthy = await isHealthy().catch(() => false);
  return healthy ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'unavailable' } };
}
