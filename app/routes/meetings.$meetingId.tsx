import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, Outlet, useLoaderData, useLocation } from '@remix-run/react'
import { useState } from 'react'
import { requireUser } from '#app/auth/auth.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import { requireMeetingAccess } from '#app/meetings/meetings.server.ts'
import { MinutesClient } from '#app/minutes/minutes-client.tsx'
import type { MinutesOutletContext } from '#app/minutes/minutes-context.ts'
import type { MinutesSession } from '#app/minutes/minutes-session.ts'
import minutesStyles from '#app/minutes/minutes.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: minutesStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.meeting.title} | Síťovka` : 'Setkání | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, access } = requireMeetingAccess(user, params.meetingId)
	return {
		meeting,
		canWrite: access === 'write',
		user: { id: user.id, name: user.name },
	}
}

export default function MeetingPage() {
	const { t, locale } = useTranslation()
	const { meeting, canWrite, user } = useLoaderData<typeof loader>()
	const [session, setSession] = useState<MinutesSession | null>(null)
	const { pathname } = useLocation()
	const meetingPath = `/meetings/${meeting.id}`
	const historyOpen = pathname.startsWith(`${meetingPath}/versions`)
	const context: MinutesOutletContext = { meetingId: meeting.id, canWrite, session }
	return (
		<div className="stack meeting">
			<MeetingHeader meeting={meeting} />
			<dl className="details">
				<dt>{t('meetings.group')}</dt>
				<dd>
					<Link to={`/groups/${meeting.groupId}`}>{meeting.groupName}</Link>
				</dd>
				<dt>{t('meetings.startsAt')}</dt>
				<dd>
					<time dateTime={new Date(meeting.startsAt).toISOString()}>
						{formatDateTime(new Date(meeting.startsAt), locale)}
					</time>
				</dd>
				<dt>{t('meetings.place')}</dt>
				<dd>{meeting.place ?? <span className="muted">{t('meetings.place.none')}</span>}</dd>
			</dl>
			<p>
				<a href={`${meetingPath}/invite.ics`} download>
					{t('meetings.calendar.download')}
				</a>
			</p>

			<section aria-labelledby="minutes-title" className="minutes-section">
				<div className="page-header">
					<h2 id="minutes-title">{t('minutes.title')}</h2>
					<Link
						to={historyOpen ? meetingPath : `${meetingPath}/versions`}
						className="button button--secondary"
						preventScrollReset
					>
						{historyOpen ? t('minutes.versions.close') : t('minutes.versions.link')}
					</Link>
				</div>
				<MinutesClient
					meetingId={meeting.id}
					user={user}
					canWrite={canWrite}
					onSession={setSession}
				/>
			</section>

			<Outlet context={context} />
		</div>
	)
}
