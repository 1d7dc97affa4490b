import { redirect } from '@remix-run/node'
import { readSessionToken } from './cookie.server.ts'
import { validateSessionToken, type ValidatedSession } from './session.server.ts'
import { invariantResponse } from '#app/utils/errors.ts'

/** The signed-in session, or null. */
export function getSession(request: Request): ValidatedSession | null {
	const token = readSessionToken(request)
	if (!token) return null
	return validateSessionToken(token)
}

export function getUser(request: Request) {
	return getSession(request)?.user ?? null
}

/** The session or a redirect to /login that comes back here afterwards. */
export function requireSession(request: Request): ValidatedSession {
	const session = getSession(request)
	if (!session) {
		const url = new URL(request.url)
		const redirectTo = `${url.pathname}${url.search}`
		throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
	}
	return session
}

export function requireUser(request: Request) {
	return requireSession(request).user
}

export function requireAdmin(request: Request) {
	const user = requireUser(request)
	invariantResponse(user.isAdmin, 'error.forbidden', { status: 403 })
	return user
}

export function requireAnonymous(request: Request) {
	if (getSession(request)) throw redirect('/')
}
