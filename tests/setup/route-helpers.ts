import { expect } from 'vitest'
import { createSession } from '#app/auth/session.server.ts'
import { createUser } from '#app/auth/users.server.ts'

/** What the custom server passes to every loader and action. */
export const routeContext = { clientIp: '203.0.113.7', requestId: 'test' }

/** A strong password for test accounts (zxcvbn score 4). */
export const TEST_PASSWORD = 'Sluknovsky-vybezek-2026'

export type Person = { id: string; name: string; email: string; isAdmin: boolean; cookie: string }

/** An account with a signed-in session, as a browser would hold it. */
export async function person(email: string, name: string, isAdmin = false): Promise<Person> {
	const user = await createUser({ email, name, password: TEST_PASSWORD, isAdmin })
	return { ...user, isAdmin, cookie: `sitovka_session=${createSession(user.id).token}` }
}

export function get(path: string, who?: { cookie: string } | null) {
	return new Request(`http://localhost:3000${path}`, {
		headers: who ? { Cookie: who.cookie } : {},
	})
}

export function post(
	path: string,
	who: { cookie: string } | null | undefined,
	fields: Record<string, string>,
) {
	const body = new FormData()
	for (const [key, value] of Object.entries(fields)) body.set(key, value)
	return new Request(`http://localhost:3000${path}`, {
		method: 'POST',
		body,
		headers: who ? { Cookie: who.cookie } : {},
	})
}

/** What a loader or action threw (a redirect or an error response). */
export async function thrown(promise: Promise<unknown>) {
	try {
		await promise
	} catch (error) {
		return error
	}
	throw new Error('expected a thrown response')
}

/** The redirect target of an action that succeeded. */
export function location(result: unknown) {
	expect(result).toBeInstanceOf(Response)
	const response = result as Response
	expect(response.status).toBe(302)
	return response.headers.get('Location') ?? ''
}

/**
 * What an action answered with `data(payload, { status })` (single fetch), or a plain return:
 * its payload and status (200 for a plain return).
 */
export function answered(result: unknown) {
	expect(result).not.toBeInstanceOf(Response)
	if (
		typeof result === 'object' &&
		result !== null &&
		(result as { type?: unknown }).type === 'DataWithResponseInit'
	) {
		const wrapped = result as { data: unknown; init: { status?: number } | null }
		return { payload: wrapped.data, status: wrapped.init?.status ?? 200 }
	}
	return { payload: result, status: 200 }
}

/** The conform reply of an action that did not succeed (the form kept; see `answered`). */
export function reply(result: unknown) {
	const { payload } = answered(result)
	return (
		payload as {
			result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> }
		}
	).result
}
