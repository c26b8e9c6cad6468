export interface RetryOptions {
  /** How many times to try in all (default 5). */
  readonly attempts?: number;
  /** Upper bound of the random pause before try n, times n, in milliseconds (default 5; 0 for none). */
  readonly backoffMs?: number;
}

/**
 * Tries again while the result is a conflict: each try reloads the participant and decides the command
 * again on the state another writer left, so the retried command may now be refused (that is final).
 * Returns the last result, a conflict only when every attempt met one.
 *
 * @example
 * const r = await retrying(() => store.execute(command), { attempts: 10 });
 */
export async function retrying<R extends { ok: boolean; kind?: string }>(attempt: () => Promise<R>, options: RetryOptions = {}): Promise<R> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const backoff = options.backoffMs ?? 5;
  let result = await attempt();
  for (let n = 1; n < attempts && !result.ok && result.kind === 'conflict'; n++) {
    // Jitter keeps writers that collided once from colliding again in step.
    if (backoff > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * backoff * n));
    result = await attempt();
  }
  return result;
}
