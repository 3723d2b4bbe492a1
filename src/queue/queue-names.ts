/** Persisted identifiers: renaming one orphans the jobs already in Redis. The hash tags keep each queue's keys
 * in one Redis Cluster slot. */
export const QUEUE_NAMES = {
  inbox: '{inbox}',
  outbound: '{outbound}',
  timers: '{timers}',
  maintenance: '{maintenance}',
  callbacks: '{callbacks}',
} as const;
