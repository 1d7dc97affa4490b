import { getEnv } from '#app/utils/env.server.ts'

export const SESSION_COOKIE = 'sitovka_session'

function isSecure() {
	return getEnv().baseUrl.startsWith('https:')
}

/** HttpOnly, SameSite=Lax, Secure when served over https; Path=/. */
export function serializeSessionCookie(token: string, expiresAt: Date) {
	const parts = [
		`${SESSION_COOKIE}=${token}`,
		'Path=/',
		'HttpOnly',
		'SameSite=Lax',
		`Expires=${expiresAt.toUTCString()}`,
	]
	if (isSecure()) parts.push('Secure')
	return parts.join('; ')
}

export function serializeBlankSessionCookie() {
	const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
	if (isSecure()) parts.push('Secure')
	return parts.join('; ')
}

export function readCookie(cookieHeader: string | null | undefined, name: string) {
	if (!cookieHeader) return null
	for (const part of cookieHeader.split(';')) {
		const index = part.indexOf('=')
		if (index === -1) continue
		if (part.slice(0, index).trim() === name) {
			const value = part.slice(index + 1).trim()
			try {
				return decodeURIComponent(value)
			} catch {
				return value
			}
		}
	}
	return null
}

export function readSessionToken(request: Request) {
	return readCookie(request.headers.get('Cookie'), SESSION_COOKIE)
}
