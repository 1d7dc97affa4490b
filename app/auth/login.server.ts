import { getDummyHash, verifyPassword } from './password.server.ts'
import { clearThrottle, getThrottleWait, recordFailure, throttleKeys } from './throttle.server.ts'
import { findUserByEmail } from './users.server.ts'

export type LoginResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; waitMs: number }

/**
 * Checks e-mail and password with per-account and per-IP throttling. The reason for a failure
 * is never more specific than "invalid": the caller shows one generic message.
 */
export async function attemptLogin(
	email: string,
	password: string,
	ip: string | null,
	now = new Date(),
): Promise<LoginResult> {
	const keys = throttleKeys(email, ip)
	const waitMs = getThrottleWait(keys, now)
	if (waitMs > 0) return { ok: false, reason: 'throttled', waitMs }
	const user = findUserByEmail(email)
	// Verify against a dummy hash for unknown addresses so timing does not reveal accounts.
	const valid = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password)
	if (!user || !valid) {
		recordFailure(keys, now)
		return { ok: false, reason: 'invalid' }
	}
	clearThrottle(keys[0]!.key)
	return { ok: true, userId: user.id }
}
