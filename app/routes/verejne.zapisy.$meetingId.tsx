import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { formatDate, formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { BlocksView } from '#app/minutes/blocks-view.tsx'
import minutesStyles from '#app/minutes/minutes.css?url'
import { loadPublicMinutes } from '#app/minutes/public-minutes.server.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: minutesStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Zápis: ${data.meeting.title} | Síťovka` : 'Zápis | Síťovka' },
]

/**
 * The published minutes of a public meeting, for anyone (no sign-in): the latest published
 * approved version without confidential sections, who was present, and the decisions.
 * 404 for everything else.
 */
export async function loader({ params }: LoaderFunctionArgs) {
	return loadPublicMinutes(params.meetingId)
}

export default function PublicMinutesPage() {
	const { t, locale } = useTranslation()
	const data = useLoaderData<typeof loader>()
	const { meeting } = data
	return (
		<article className="stack public-minutes" aria-labelledby="public-minutes-title">
			<h1 id="public-minutes-title">{t('publicMinutes.title', { title: meeting.title })}</h1>
			<dl className="details">
				<dt>{t('meetings.group')}</dt>
				<dd>{meeting.groupName}</dd>
				<dt>{t('meetings.startsAt')}</dt>
				<dd>
					<time dateTime={new Date(meeting.startsAt).toISOString()}>
						{formatDateTime(new Date(meeting.startsAt), locale)}
					</time>
				</dd>
				{meeting.place ? (
					<>
						<dt>{t('meetings.place')}</dt>
						<dd>{meeting.place}</dd>
					</>
				) : null}
			</dl>
			<p className="muted">
				{t('publicMinutes.approvedAt', { date: formatDate(new Date(data.approvedAt), locale) })}
				{' · '}
				<a href={`/verejne/zapisy/${meeting.id}/zapis.pdf`} download>
					{t('publicMinutes.pdf')}
				</a>
			</p>

			{data.textListsPresent ? null : (
				<section aria-labelledby="public-present" className="stack">
					<h2 id="public-present">{t('publicMinutes.present')}</h2>
					{data.present.length ? (
						<ul>
							{data.present.map((person, index) => (
								<li key={index}>
									{person.organisation ? `${person.name} (${person.organisation})` : person.name}
								</li>
							))}
						</ul>
					) : (
						<p className="muted">{t('publicMinutes.present.none')}</p>
					)}
				</section>
			)}

			<section aria-labelledby="public-text" className="stack minutes-public-text">
				<h2 id="public-text">{t('publicMinutes.minutes')}</h2>
				<BlocksView blocks={data.blocks} topLevel={3} />
				{data.confidentialOmitted ? (
					<p className="muted">{t('publicMinutes.confidentialOmitted')}</p>
				) : null}
			</section>

			{data.decisions.length ? (
				<section aria-labelledby="public-decisions" className="stack">
					<h2 id="public-decisions">{t('publicMinutes.decisions')}</h2>
					<ul className="decision-list stack">
						{data.decisions.map((decision) => (
							<li key={decision.id}>
								<strong>
									{decision.number
										? t('minutes.export.decision', { number: decision.number })
										: t('minutes.export.decision.unnumbered')}
								</strong>{' '}
								{decision.text}
								{decision.votesFor !== null && decision.rule && decision.outcome ? (
									<p className="muted">
										{t('minutes.export.vote', {
											for: decision.votesFor,
											against: decision.votesAgainst ?? 0,
											abstain: decision.votesAbstain ?? 0,
											rule: t(`decisions.rule.${decision.rule}`).toLowerCase(),
											outcome: t(`decisions.outcome.${decision.outcome}`).toLowerCase(),
										})}
									</p>
								) : null}
							</li>
						))}
					</ul>
				</section>
			) : null}
		</article>
	)
}
