import {
	type ActionFunctionArgs,
	type LinksFunction,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/auth/auth.server.ts'
import {
	canManageGroup,
	getGroup,
	getGroupRole,
	requireGroupManager,
} from '#app/groups/groups.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { describeRecurrence, parseRRule } from '#app/meetings/recurrence.ts'
import { formatAgendaTemplate } from '#app/meetings/series.schema.ts'
import {
	extendSeries,
	getSeries,
	listSeriesMeetings,
	seriesAgendaTemplate,
} from '#app/meetings/series.server.ts'
import seriesStyles from '#app/meetings/series.css?url'
import { invariantResponse } from '#app/utils/errors.ts'
import { withNotice } from '#app/utils/notice.ts'

/** Occurrences that can still be moved or cancelled (on the meeting's edit page). */
const OPEN_STATES = new Set(['draft', 'scheduling', 'confirmed'])

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: seriesStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.series.title} | Síťovka` : 'Řada setkání | Síťovka' },
]

/**
 * The series and its group; like the group's meeting list, for the group's own people and
 * administrators (404 for others, so that its existence is not revealed).
 */
function requireSeries(request: Request, seriesId: string | undefined) {
	const user = requireUser(request)
	const series = seriesId ? getSeries(seriesId) : null
	const group = series ? getGroup(series.groupId) : null
	invariantResponse(series && group, undefined, { status: 404 })
	invariantResponse(user.isAdmin || getGroupRole(user.id, group.id) !== null, undefined, {
		status: 404,
	})
	return { user, series, group }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, series, group } = requireSeries(request, params.seriesId)
	// Confidential meetings (a moved occurrence may have become one) only for those who see them.
	const meetings = listSeriesMeetings(series.id, user)
	return {
		series: {
			id: series.id,
			title: series.title,
			kind: series.kind,
			rrule: series.rrule,
			startsAt: series.startsAt,
			durationMinutes: series.durationMinutes,
			place: series.place,
			onlineUrl: series.onlineUrl,
			agendaTemplate: formatAgendaTemplate(seriesAgendaTemplate(series)),
		},
		group: { id: group.id, name: group.name },
		meetings,
		canManage: canManageGroup(user, group.id),
	}
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, series, group } = requireSeries(request, params.seriesId)
	requireGroupManager(user, group.id)
	const formData = await request.formData()
	invariantResponse(formData.get('intent') === 'extend')
	const { created } = await extendSeries(series.id, user.id)
	return redirect(
		withNotice(
			`/series/${series.id}`,
			created > 0 ? 'notice.seriesExtended' : 'notice.seriesNothingToAdd',
		),
	)
}

export default function SeriesPage() {
	const { t, locale } = useTranslation()
	const { series, group, meetings, canManage } = useLoaderData<typeof loader>()
	const navigation = useNavigation()
	let rule: string
	try {
		rule = describeRecurrence(parseRRule(series.rrule), new Date(series.startsAt), locale)
	} catch {
		rule = series.rrule
	}
	return (
		<div className="stack">
			<p>
				<Link to={`/groups/${group.id}`}>{t('meetings.backToGroup', { name: group.name })}</Link>
			</p>
			<h1>
				<span className="muted">{t('series.page.title')}:</span> {series.title}
			</h1>
			<dl className="details">
				<dt>{t('meetings.group')}</dt>
				<dd>
					<Link to={`/groups/${group.id}`}>{group.name}</Link>
				</dd>
				<dt>{t('series.rule')}</dt>
				<dd>{rule}</dd>
				<dt>{t('meetings.kind')}</dt>
				<dd>{t(`meetings.kind.${series.kind}`)}</dd>
				<dt>{t('series.duration')}</dt>
				<dd>{series.durationMinutes}</dd>
				<dt>{t('meetings.place')}</dt>
				<dd>{series.place ?? <span className="muted">{t('meetings.place.none')}</span>}</dd>
				{series.onlineUrl ? (
					<>
						<dt>{t('meetings.onlineUrl')}</dt>
						<dd>
							<a href={series.onlineUrl} rel="noopener noreferrer" target="_blank">
								{series.onlineUrl}
							</a>
						</dd>
					</>
				) : null}
				{series.agendaTemplate ? (
					<>
						<dt>{t('series.agenda')}</dt>
						<dd>
							<ul>
								{series.agendaTemplate.split('\n').map((line, index) => (
									<li key={index}>{line}</li>
								))}
							</ul>
						</dd>
					</>
				) : null}
			</dl>

			<section aria-labelledby="series-meetings-title" className="card stack">
				<h2 id="series-meetings-title">{t('series.meetings')}</h2>
				{meetings.length ? (
					<ol className="list" aria-label={t('series.meetings')}>
						{meetings.map((meeting) => {
							const moved =
								meeting.occurrenceStartsAt &&
								new Date(meeting.occurrenceStartsAt).getTime() !==
									new Date(meeting.startsAt).getTime()
							return (
								<li
									key={meeting.id}
									className={`series-occurrence series-occurrence--${meeting.state}`}
								>
									<Link to={`/meetings/${meeting.id}`} className="series-occurrence__when">
										<time dateTime={new Date(meeting.startsAt).toISOString()}>
											{formatDateTime(new Date(meeting.startsAt), locale)}
										</time>
									</Link>{' '}
									<span className={`badge meeting-state meeting-state--${meeting.state}`}>
										{t(`meetings.state.${meeting.state}`)}
									</span>
									{moved && meeting.occurrenceStartsAt ? (
										<div className="muted">
											{t('series.moved', {
												date: formatDateTime(new Date(meeting.occurrenceStartsAt), locale),
											})}
										</div>
									) : null}
									{meeting.place ? <div className="muted">{meeting.place}</div> : null}
									{canManage && OPEN_STATES.has(meeting.state) ? (
										<div>
											<Link to={`/meetings/${meeting.id}/edit`}>{t('series.editOccurrence')}</Link>
										</div>
									) : null}
								</li>
							)
						})}
					</ol>
				) : (
					<p className="muted">{t('series.meetings.empty')}</p>
				)}
				{canManage ? (
					<Form method="post" className="stack">
						<p className="muted">{t('series.extend.hint')}</p>
						<div className="actions">
							<button
								type="submit"
								name="intent"
								value="extend"
								className="button button--secondary"
								disabled={navigation.state === 'submitting'}
							>
								{t('series.extend')}
							</button>
						</div>
					</Form>
				) : null}
			</section>
		</div>
	)
}
