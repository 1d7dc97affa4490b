import { getDummyHash, verifyPassword } from './password.server.ts'
import { throttledPasswordCheck, throttleKeys } from './throttle.server.ts'
import { findUserByEmail } from './users.server.ts'

export type LoginResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; waitMs: number }

/**
 * Checks e-mail and password with per-account and per-IP throttling (the attempt is counted
 * before the password is verified). The reason for a failure is never more specific than
 * "invalid": the caller shows one generic message.
 */
export async function attemptLogin(
	email: string,
	password: string,
	ip: string | null,
	now = new Date(),
): Promise<LoginResult> {
	const user = findUserByEmail(email)
	const check = await throttledPasswordCheck(
		throttleKeys(email, ip),
		// Verify against a dummy hash for unknown addresses so timing does not reveal accounts.
		async () => {
			const valid = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password)
			return valid && Boolean(user)
		},
		now,
	)
	if (!check.ok) return check
	return { ok: true, userId: user!.id }
}

/**
 * Checks a signed-in person's current password (before changing it, or anything else that asks
 * for it again), throttled with the same counters as signing in: a stolen session cannot be used
 * to guess the password faster than the sign-in form allows.
 */
export function checkCurrentPassword(
	user: { email: string; passwordHash: string },
	password: string,
	ip: string | null,
	now = new Date(),
) {
	return throttledPasswordCheck(
		throttleKeys(user.email, ip),
		() => verifyPassword(user.passwordHash, password),
		now,
	)
}
