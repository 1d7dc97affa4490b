import { parseWithZod } from '@conform-to/zod'
import {
	type ActionFunctionArgs,
	type LinksFunction,
	type LoaderFunctionArgs,
	type MetaFunction,
	redirect,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { formatRRule } from '#app/meetings/recurrence.ts'
import { SeriesForm, type SeriesPreviewData } from '#app/meetings/series-form.tsx'
import { NewSeriesSchema, previewOccurrences } from '#app/meetings/series.schema.ts'
import { createSeries } from '#app/meetings/series.server.ts'
import seriesStyles from '#app/meetings/series.css?url'
import { requireGroupToPlan } from '#app/meetings/meetings.server.ts'
import { withNotice } from '#app/utils/notice.ts'
import { invalidForm } from '#app/utils/errors.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: seriesStyles }]

export const meta: MetaFunction = () => [{ title: 'Nová řada setkání | Síťovka' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { group } = requireGroupToPlan(request, params.groupId)
	return { group: { id: group.id, name: group.name } }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, group } = requireGroupToPlan(request, params.groupId)
	const formData = await request.formData()
	const submission = parseWithZod(formData, { schema: NewSeriesSchema })
	if (submission.status !== 'success')
		return invalidForm({ result: submission.reply(), preview: null })
	if (formData.get('intent') === 'preview') {
		// "Zobrazit náhled" (without scripts): the dates, nothing saved, the form kept as typed.
		const preview: SeriesPreviewData = {
			rrule: formatRRule(submission.value.rule),
			startsAt: submission.value.startsAt.toISOString(),
			occurrences: previewOccurrences(submission.value).map((date) => date.toISOString()),
		}
		return { result: submission.reply(), preview }
	}
	const series = await createSeries(group.id, submission.value, user.id)
	return redirect(withNotice(`/series/${series.id}`, 'notice.seriesCreated'))
}

export default function NewSeriesPage() {
	const { t } = useTranslation()
	const { group } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<section className="stack" aria-labelledby="new-series-heading">
			<p>
				<Link to={`/groups/${group.id}`}>{t('meetings.backToGroup', { name: group.name })}</Link>
			</p>
			<h1 id="new-series-heading">{t('series.new.title')}</h1>
			<p>{t('series.new.intro', { group: group.name })}</p>
			<SeriesForm
				lastResult={actionData?.result}
				serverPreview={actionData?.preview}
				cancelTo={`/groups/${group.id}`}
			/>
		</section>
	)
}
