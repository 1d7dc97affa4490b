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
	const { meeting, access, canManage } = requireMeetingAccess(user, params.meetingId)
	return {
		meeting,
		canWrite: access === 'write',
		canManage,
		user: { id: user.id, name: user.name },
	}
}

export default function MeetingPage() {
	const { t, locale } = useTranslation()
	const { meeting, canWrite, canManage, user } = useLoaderData<typeof loader>()
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
					<a href={`${meetingPath}/minutes.pdf`} download>
						{t('minutes.export.pdf')}
					</a>
					{' · '}
					<a href={`${meetingPath}/minutes.docx`} download>
						{t('minutes.export.docx')}
					</a>
					{' · '}
					<a href={`${meetingPath}/minutes.md`} download>
						{t('minutes.export.md')}
					</a>
				</dd>
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
