import { Link } from '@remix-run/react'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import type { MeetingState } from '#db/schema.ts'

/**
 * A group's meetings for the group page (data from `listMeetingsForGroup`) and its recurring
 * series, with "Nové setkání" and "Nová řada setkání" for those who may create them
 * (administrators and the group's convenors).
 */
export function MeetingList({
	groupId,
	meetings,
	series = [],
	canCreate,
}: {
	groupId: string
	meetings: Array<{
		id: string
		title: string
		startsAt: Date | string | number
		place: string | null
		state: MeetingState
	}>
	/** The group's recurring series (links to their pages). */
	series?: Array<{ id: string; title: string }>
	canCreate: boolean
}) {
	const { t, locale } = useTranslation()
	return (
		<div className="stack">
			{meetings.length ? (
				<ul className="list" aria-label={t('meetings.list.caption')}>
					{meetings.map((meeting) => (
						<li key={meeting.id}>
							<Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>{' '}
							<span className={`badge meeting-state meeting-state--${meeting.state}`}>
								{t(`meetings.state.${meeting.state}`)}
							</span>
							<div className="muted">
								<time dateTime={new Date(meeting.startsAt).toISOString()}>
									{formatDateTime(new Date(meeting.startsAt), locale)}
								</time>
								{meeting.place ? ` · ${meeting.place}` : null}
							</div>
						</li>
					))}
				</ul>
			) : (
				<p className="muted">{t('meetings.list.empty')}</p>
			)}
			{series.length ? (
				<div className="stack">
					<h3>{t('series.list.title')}</h3>
					<ul className="list" aria-label={t('series.list.caption')}>
						{series.map((one) => (
							<li key={one.id}>
								<Link to={`/series/${one.id}`}>{one.title}</Link>
							</li>
						))}
					</ul>
				</div>
			) : null}
			{canCreate ? (
				<p className="actions">
					<Link to={`/groups/${groupId}/meetings/new`} className="button button--secondary">
						{t('meetings.new')}
					</Link>
					<Link to={`/groups/${groupId}/series/new`} className="button button--secondary">
						{t('series.new')}
					</Link>
				</p>
			) : null}
		</div>
	)
}
