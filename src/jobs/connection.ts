/**
 * Where a queue lives: `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS) plus a queue name. BullMQ
 * opens its own connections from these options; `maxRetriesPerRequest: null` is what its workers require.
 */
import { Redis } from 'ioredis';
import type { RedisOptions } from 'bullmq';
import { expected } from '../core/errors.js';

export const DEFAULT_QUEUE_NAME = 'semseg';

export interface QueueTarget {
  /** ioredis options from the URL. */
  connection: RedisOptions;
  /** BullMQ queue name. */
  name: string;
}

export function parseQueueUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw expected('a redis://host:port/db URL', '--queue', url);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw expected('a redis:// or rediss:// URL', '--queue', url);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) throw expected('a database number after the port (redis://host:port/0)', '--queue', url);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db: db === '' ? 0 : Number(db),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export function queueTarget(url: string, name: string = DEFAULT_QUEUE_NAME): QueueTarget {
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) throw expected('a queue name of letters, digits, _ . - (no colon)', '--queue-name', name);
  return { connection: parseQueueUrl(url), name };
}

/**
 * A line for people when Redis may evict keys (a queue then loses jobs silently), or undefined when the policy is
 * `noeviction` or cannot be read (managed Redis often disables CONFIG).
 */
export async function evictionWarning(target: QueueTarget): Promise<string | undefined> {
  const redis = new Redis({ ...target.connection, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    return policy && policy !== 'noeviction'
      ? `Redis maxmemory-policy is ${policy}: it may evict queue keys and lose jobs; set maxmemory-policy noeviction (docs/jobs.md)`
      : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}
