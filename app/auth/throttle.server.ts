import { eq, lt } from 'drizzle-orm'
import { getDb } from '#db/client.ts'
import { loginThrottle } from '#db/schema.ts'

/**
 * Sign-in throttling with growing waits. Each key (`account:<email>`, `ip:<address>`) may fail a
 * few times freely; every further failure doubles the wait, up to a ceiling. A success clears the
 * account key. Counters are forgotten a day after the last failure.
 */
export const THROTTLE_RULES = {
	account: { freeFailures: 4, baseWaitMs: 30_000, maxWaitMs: 15 * 60_000 },
	// Offices share one public address (a whole městský úřad behind NAT), so the IP rule is looser.
	ip: { freeFailures: 20, baseWaitMs: 30_000, maxWaitMs: 15 * 60_000 },
} as const
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000

type Kind = keyof typeof THROTTLE_RULES

export function throttleKeys(email: string, ip: string | null) {
	const keys: Array<{ key: string; kind: Kind }> = [
		{ key: `account:${email.trim().toLowerCase()}`, kind: 'account' },
	]
	if (ip) keys.push({ key: `ip:${ip}`, kind: 'ip' })
	return keys
}

/** Milliseconds still to wait before another attempt is allowed (0 = allowed now). */
export function getThrottleWait(keys: Array<{ key: string }>, now = new Date()) {
	const db = getDb()
	let wait = 0
	for (const { key } of keys) {
		const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
		if (row?.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
			wait = Math.max(wait, row.lockedUntil.getTime() - now.getTime())
		}
	}
	return wait
}

export function waitAfterFailures(kind: Kind, failures: number) {
	const rule = THROTTLE_RULES[kind]
	const over = failures - rule.freeFailures
	if (over <= 0) return 0
	return Math.min(rule.baseWaitMs * 2 ** (over - 1), rule.maxWaitMs)
}

export function recordFailure(keys: Array<{ key: string; kind: Kind }>, now = new Date()) {
	const db = getDb()
	db.transaction((tx) => {
		for (const { key, kind } of keys) {
			const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
			const stale = row && now.getTime() - row.updatedAt.getTime() > FORGET_AFTER_MS
			const failures = (stale || !row ? 0 : row.failures) + 1
			const wait = waitAfterFailures(kind, failures)
			const values = {
				failures,
				lockedUntil: wait > 0 ? new Date(now.getTime() + wait) : null,
				updatedAt: now,
			}
			tx.insert(loginThrottle)
				.values({ key, ...values })
				.onConflictDoUpdate({ target: loginThrottle.key, set: values })
				.run()
		}
	})
}

export function clearThrottle(key: string) {
	getDb().delete(loginThrottle).where(eq(loginThrottle.key, key)).run()
}

export function forgetOldThrottleEntries(now = new Date()) {
	getDb()
		.delete(loginThrottle)
		.where(lt(loginThrottle.updatedAt, new Date(now.getTime() - FORGET_AFTER_MS)))
		.run()
}
