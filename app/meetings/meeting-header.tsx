import { Link, NavLink } from '@remix-run/react'
import { useTranslation } from '#app/i18n/use-translation.ts'

/**
 * The top of every meeting page: back to the group, the title, and the meeting's parts as tabs.
 * Each part is its own route (`/meetings/:id/agenda`, `/poll`, `/participants`, `/decisions`).
 */
export function MeetingHeader({
	meeting,
}: {
	meeting: { id: string; title: string; groupId: string; groupName: string }
}) {
	const { t } = useTranslation()
	const base = `/meetings/${meeting.id}`
	const tabs = [
		{ to: base, label: t('meetingNav.minutes'), end: true },
		{ to: `${base}/agenda`, label: t('meetingNav.agenda') },
		{ to: `${base}/poll`, label: t('meetingNav.poll') },
		{ to: `${base}/participants`, label: t('meetingNav.participants') },
		{ to: `${base}/decisions`, label: t('meetingNav.decisions') },
	]
	return (
		<>
			<p>
				<Link to={`/groups/${meeting.groupId}`}>
					{t('meetings.backToGroup', { name: meeting.groupName })}
				</Link>
			</p>
			<h1>{meeting.title}</h1>
			<nav aria-label={t('meetingNav.label')} className="tabs">
				<ul>
					{tabs.map((tab) => (
						<li key={tab.to}>
							<NavLink to={tab.to} end={tab.end} preventScrollReset>
								{tab.label}
							</NavLink>
						</li>
					))}
				</ul>
			</nav>
		</>
	)
}
