import { eq, lt } from 'drizzle-orm'
import { getDb } from '#db/client.ts'
import { loginThrottle } from '#db/schema.ts'

/**
 * Password-guess throttling with growing waits (README, decision 3). Each key
 * (`account:<email>`, `ip:<address>`) may fail a few times freely; every further failure doubles
 * the wait, up to a ceiling. Counters are forgotten a day after the last attempt.
 *
 * Every password check (sign-in, the current password on "Můj účet") goes through
 * `throttledPasswordCheck`: an attempt is counted as a failure *before* the slow Argon2
 * verification, in the same synchronous SQLite transaction that checks the locks, so parallel
 * requests cannot all pass the check before any of them is recorded.
 */
export const THROTTLE_RULES = {
	account: { freeFailures: 4, baseWaitMs: 30_000, maxWaitMs: 15 * 60_000 },
	// Offices share one public address (a whole městský úřad behind NAT), so the IP rule is looser.
	ip: { freeFailures: 20, baseWaitMs: 30_000, maxWaitMs: 15 * 60_000 },
} as const
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000

type Kind = keyof typeof THROTTLE_RULES
export type ThrottleKey = { key: string; kind: Kind }

/** The keys one password attempt counts against: the account and, when known, the address. */
export function throttleKeys(email: string, ip: string | null) {
	const keys: ThrottleKey[] = [{ key: `account:${email.trim().toLowerCase()}`, kind: 'account' }]
	if (ip) keys.push({ key: `ip:${ip}`, kind: 'ip' })
	return keys
}

export function waitAfterFailures(kind: Kind, failures: number) {
	const rule = THROTTLE_RULES[kind]
	const over = failures - rule.freeFailures
	if (over <= 0) return 0
	return Math.min(rule.baseWaitMs * 2 ** (over - 1), rule.maxWaitMs)
}

/**
 * Starts a password attempt. In one transaction: when any key is locked, nothing is counted and
 * the longest remaining wait is returned; otherwise the attempt is counted as a failure for every
 * key (locking a key once it is over its free failures) and 0 is returned. Because better-sqlite3
 * runs the transaction synchronously and `IMMEDIATE` takes the write lock first, concurrent
 * attempts (in this process or another) are counted one after another.
 */
export function startAttempt(keys: ThrottleKey[], now = new Date()) {
	const db = getDb()
	return db.transaction(
		(tx) => {
			const rows = keys.map(({ key, kind }) => ({
				key,
				kind,
				row: tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get(),
			}))
			let wait = 0
			for (const { row } of rows) {
				if (row?.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
					wait = Math.max(wait, row.lockedUntil.getTime() - now.getTime())
				}
			}
			if (wait > 0) return wait
			for (const { key, kind, row } of rows) {
				const stale = row && now.getTime() - row.updatedAt.getTime() > FORGET_AFTER_MS
				const failures = (stale || !row ? 0 : row.failures) + 1
				const lockMs = waitAfterFailures(kind, failures)
				const values = {
					failures,
					lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs) : null,
					updatedAt: now,
				}
				tx.insert(loginThrottle)
					.values({ key, ...values })
					.onConflictDoUpdate({ target: loginThrottle.key, set: values })
					.run()
			}
			return 0
		},
		{ behavior: 'immediate' },
	)
}

/**
 * Ends an attempt whose password was right. The account's counter is cleared (a typo after a
 * success is not punished). An address's counter only takes this attempt back: other attempts
 * from the same address still count, but colleagues signing in behind one office address never
 * add up to a lock. A lock this attempt alone caused is lifted with it.
 */
export function attemptSucceeded(keys: ThrottleKey[]) {
	getDb().transaction(
		(tx) => {
			for (const { key, kind } of keys) {
				if (kind === 'account') {
					tx.delete(loginThrottle).where(eq(loginThrottle.key, key)).run()
					continue
				}
				const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
				if (!row) continue
				const failures = Math.max(0, row.failures - 1)
				if (failures === 0) {
					tx.delete(loginThrottle).where(eq(loginThrottle.key, key)).run()
					continue
				}
				tx.update(loginThrottle)
					.set({
						failures,
						lockedUntil: waitAfterFailures(kind, failures) > 0 ? row.lockedUntil : null,
					})
					.where(eq(loginThrottle.key, key))
					.run()
			}
		},
		{ behavior: 'immediate' },
	)
}

export type ThrottledCheck =
	| { ok: true }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; waitMs: number }

/**
 * The one way to check a password against guessing: counts the attempt first (see
 * `startAttempt`), then runs `verify` (the Argon2 comparison) only when no key is locked.
 */
export async function throttledPasswordCheck(
	keys: ThrottleKey[],
	verify: () => Promise<boolean>,
	now = new Date(),
): Promise<ThrottledCheck> {
	const waitMs = startAttempt(keys, now)
	if (waitMs > 0) return { ok: false, reason: 'throttled', waitMs }
	if (!(await verify())) return { ok: false, reason: 'invalid' }
	attemptSucceeded(keys)
	return { ok: true }
}

/** The translated-message key telling someone how long to wait, in seconds or minutes. */
export function throttledMessage(waitMs: number) {
	return waitMs < 60_000
		? `auth.login.throttledSeconds|count=${Math.ceil(waitMs / 1000)}`
		: `auth.login.throttled|count=${Math.ceil(waitMs / 60_000)}`
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
