import { readCookie } from '#app/auth/cookie.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { isCurrentPollToken } from './polls.server.ts'

/**
 * Two cookies of the date poll, both HttpOnly and SameSite=Lax (Secure over https):
 *
 * - The guest's browser id, one per meeting, so a guest changes an answer rather than adding
 *   one. Its path is `/poll` rather than the poll's page because Remix loads the page's data
 *   from `/poll/<token>.data`; it is named by the meeting, so a new link keeps the guests.
 * - The convenor's copy of a new guest link: only the link's hash is stored, so the link is
 *   shown in the browser that made it, until it is hidden or for a day at most.
 */

const GUEST_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
const LINK_COOKIE_MAX_AGE = 24 * 60 * 60

function serialize(name: string, value: string, path: string, maxAge: number) {
	const parts = [
		`${name}=${value}`,
		`Path=${path}`,
		'HttpOnly',
		'SameSite=Lax',
		`Max-Age=${maxAge}`,
	]
	if (getEnv().baseUrl.startsWith('https:')) parts.push('Secure')
	return parts.join('; ')
}

const guestCookieName = (meetingId: string) => `sitovka_poll_${meetingId}`
/** Before links were hashed, the cookie was named by the link's token. */
const legacyGuestCookieName = (pollToken: string) => `sitovka_poll_${pollToken}`

/** The guest's browser id for this meeting's poll (also from the older cookie), or null. */
export function readGuestBrowserId(request: Request, meetingId: string, pollToken: string) {
	const header = request.headers.get('Cookie')
	return (
		readCookie(header, guestCookieName(meetingId)) ??
		readCookie(header, legacyGuestCookieName(pollToken))
	)
}

/** Set-Cookie values remembering the browser id (and dropping the older cookie if sent). */
export function guestBrowserCookies(
	request: Request,
	meetingId: string,
	pollToken: string,
	browserId: string,
) {
	const cookies = [serialize(guestCookieName(meetingId), browserId, '/poll', GUEST_COOKIE_MAX_AGE)]
	const legacy = legacyGuestCookieName(pollToken)
	if (readCookie(request.headers.get('Cookie'), legacy) !== null) {
		cookies.push(serialize(legacy, '', '/poll', 0))
	}
	return cookies
}

const linkCookieName = (meetingId: string) => `sitovka_poll_link_${meetingId}`
const linkCookiePath = (meetingId: string) => `/meetings/${meetingId}`

/** The guest link's token this browser was shown, when it is still the meeting's link. */
export function readShownGuestToken(request: Request, meetingId: string) {
	const token = readCookie(request.headers.get('Cookie'), linkCookieName(meetingId))
	return token && isCurrentPollToken(meetingId, token) ? token : null
}

export function shownGuestLinkCookie(meetingId: string, token: string) {
	return serialize(linkCookieName(meetingId), token, linkCookiePath(meetingId), LINK_COOKIE_MAX_AGE)
}

export function hiddenGuestLinkCookie(meetingId: string) {
	return serialize(linkCookieName(meetingId), '', linkCookiePath(meetingId), 0)
}
