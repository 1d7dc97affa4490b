import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, Outlet, useLoaderData, useLocation } from '@remix-run/react'
import { useState } from 'react'
import { requireUser } from '#app/auth/auth.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingHeader } from '#app/meetings/meeting-header.tsx'
import { requireMeetingAccess } from '#app/meetings/meetings.server.ts'
import { seriesOfMeeting } from '#app/meetings/series.server.ts'
import {
	MinutesBanner,
	MinutesLifecyclePanel,
	PrepareMinutesForm,
} from '#app/minutes/lifecycle-panel.tsx'
import { areMinutesEmpty, getMinutesStatus } from '#app/minutes/lifecycle.server.ts'
import { MinutesClient } from '#app/minutes/minutes-client.tsx'
import { MinutesDownloads } from '#app/minutes/minutes-downloads.tsx'
import type { MinutesOutletContext } from '#app/minutes/minutes-context.ts'
import type { MinutesSession } from '#app/minutes/minutes-session.ts'
import minutesStyles from '#app/minutes/minutes.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: minutesStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.meeting.title} | Síťovka` : 'Setkání | Síťovka' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = requireUser(request)
	const { meeting, canManage, minutesAccess } = requireMeetingAccess(user, params.meetingId)
	const status = getMinutesStatus(meeting.id)
	// The minutes' lifecycle decides writing (frozen once approved), as the live document does.
	const canWrite = minutesAccess === 'write'
	return {
		meeting,
		series: seriesOfMeeting(meeting.id),
		canWrite,
		canManage,
		minutes: { ...status, empty: canWrite ? await areMinutesEmpty(meeting.id) : false },
		user: { id: user.id, name: user.name },
	}
}

export default function MeetingPage() {
	const { t, locale } = useTranslation()
	const { meeting, series, canWrite, canManage, user, minutes } = useLoaderData<typeof loader>()
	const [session, setSession] = useState<MinutesSession | null>(null)
	const { pathname } = useLocation()
	const meetingPath = `/meetings/${meeting.id}`
	const historyOpen = pathname.startsWith(`${meetingPath}/versions`)
	const context: MinutesOutletContext = { meetingId: meeting.id, canWrite, session }
	return (
		<div className="stack meeting">
			<MeetingHeader meeting={meeting} />
			{canManage ? (
				<p>
					<Link to={`${meetingPath}/edit`} className="button button--secondary">
						{t('meetings.edit')}
					</Link>
				</p>
			) : null}
			<dl className="details">
				<dt>{t('meetings.group')}</dt>
				<dd>
					<Link to={`/groups/${meeting.groupId}`}>{meeting.groupName}</Link>
				</dd>
				{series ? (
					<>
						<dt>{t('series.partOf')}</dt>
						<dd>
							<Link to={`/series/${series.id}`}>{series.title}</Link>
						</dd>
					</>
				) : null}
				<dt>{t('meetings.state')}</dt>
				<dd>
					<span className={`badge meeting-state meeting-state--${meeting.state}`}>
						{t(`meetings.state.${meeting.state}`)}
					</span>
				</dd>
				<dt>{t('meetings.kind')}</dt>
				<dd>{t(`meetings.kind.${meeting.kind}`)}</dd>
				<dt>{t('meetings.startsAt')}</dt>
				<dd>
					<time dateTime={new Date(meeting.startsAt).toISOString()}>
						{formatDateTime(new Date(meeting.startsAt), locale)}
					</time>
				</dd>
				{meeting.endsAt ? (
					<>
						<dt>{t('meetings.endsAt')}</dt>
						<dd>
							<time dateTime={new Date(meeting.endsAt).toISOString()}>
								{formatDateTime(new Date(meeting.endsAt), locale)}
							</time>
						</dd>
					</>
				) : null}
				<dt>{t('meetings.place')}</dt>
				<dd>{meeting.place ?? <span className="muted">{t('meetings.place.none')}</span>}</dd>
				{meeting.onlineUrl ? (
					<>
						<dt>{t('meetings.onlineUrl')}</dt>
						<dd>
							<a href={meeting.onlineUrl} rel="noopener noreferrer" target="_blank">
								{t('meetings.onlineUrl.join')}
							</a>
						</dd>
					</>
				) : null}
				<dt>{t('meetings.visibility')}</dt>
				<dd>{t(`meetings.visibility.${meeting.visibility}`)}</dd>
				{meeting.description ? (
					<>
						<dt>{t('meetings.description')}</dt>
						<dd className="meeting-description">{meeting.description}</dd>
					</>
				) : null}
				<dt>{t('minutes.export.label')}</dt>
				<dd>
					<MinutesDownloads meetingId={meeting.id} />
				</dd>
			</dl>
			<p>
				<a href={`${meetingPath}/invite.ics`} download>
					{t('meetings.calendar.download')}
				</a>
				{' · '}
				<a href={`${meetingPath}/agenda.pdf`}>{t('meetings.agendaPdf.link')}</a>
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
				<MinutesBanner minutes={minutes} />
				{canWrite && minutes.empty ? <PrepareMinutesForm meetingId={meeting.id} /> : null}
				<MinutesClient
					meetingId={meeting.id}
					user={user}
					canWrite={canWrite}
					onSession={setSession}
				/>
				<MinutesLifecyclePanel meeting={meeting} minutes={minutes} canManage={canManage} />
			</section>

			<Outlet context={context} />
		</div>
	)
}
