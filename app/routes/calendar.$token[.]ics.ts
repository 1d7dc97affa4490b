import { type LoaderFunctionArgs } from '@remix-run/node'
import { buildCalendarFeed, findCalendarTokenUser } from '#app/meetings/calendar-feed.server.ts'
import { notFound } from '#app/utils/errors.ts'

/**
 * `/calendar/<token>.ics`: the person's meetings as a subscribed calendar. Calendar apps have no
 * session, so the secret token is the only key; an unknown or revoked one is a plain 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
	const user = params.token ? findCalendarTokenUser(params.token) : null
	if (!user) notFound()
	return new Response(buildCalendarFeed(user), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8; method=PUBLISH',
			'Content-Disposition': 'inline; filename="sitovka.ics"',
			// The feed is personal: no shared cache may keep it; clients fetch it again each time.
			'Cache-Control': 'private, no-store',
			'X-Robots-Tag': 'noindex',
		},
	})
}
