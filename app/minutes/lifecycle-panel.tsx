import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Link, useFetcher } from '@remix-run/react'
import { Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatDate, formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import type { action as lifecycleAction } from '#app/routes/meetings.$meetingId_.minutes-lifecycle.ts'
import type { MinutesState } from '#db/schema/meetings.ts'
import { approveSchema, pragueToday, SendForCommentsSchema } from './lifecycle.schema.ts'

/** A date as the loader hands it over. */
type DateValue = string | Date

/** The minutes' lifecycle as the meeting page's loader hands it over. */
export type MinutesLifecycleView = {
	minutesState: MinutesState
	commentsUntil: DateValue | null
	inCorrection: boolean
	empty: boolean
	approvals: Array<{
		id: string
		versionId: string
		note: string | null
		approvedAt: DateValue
		publishedAt: DateValue | null
		approverName: string | null
	}>
}

type Meeting = { id: string; state: string; visibility: string }

const actionPath = (meetingId: string) => `/meetings/${meetingId}/minutes-lifecycle`

function useLifecycleFetcher(key: string) {
	return useFetcher<typeof lifecycleAction>({ key: `minutes-${key}` })
}

/** What the action answered, as the fetcher holds it (a refused form arrives with status 400). */
type LifecycleData = NonNullable<ReturnType<typeof useLifecycleFetcher>['data']>

function formResult(data: LifecycleData | undefined, intent: string) {
	return data && 'result' in data && data.intent === intent ? data.result : undefined
}

function refusal(data: LifecycleData | undefined) {
	return data && 'error' in data ? data.error : undefined
}

/**
 * Above the live minutes, for everyone: open for comments until …, frozen after approval, being
 * corrected.
 */
export function MinutesBanner({ minutes }: { minutes: MinutesLifecycleView }) {
	const { t, locale } = useTranslation()
	if (minutes.minutesState === 'comments' && minutes.commentsUntil) {
		const until = new Date(minutes.commentsUntil)
		const date = formatDate(until, locale)
		return (
			<p className="notice-info" role="status">
				{until.getTime() >= Date.now()
					? t('minutes.lifecycle.banner.comments', { date })
					: t('minutes.lifecycle.banner.commentsOver', { date })}
			</p>
		)
	}
	if (minutes.minutesState === 'approved' || minutes.minutesState === 'published')
		return (
			<p className="notice-info" role="status">
				{t(`minutes.lifecycle.banner.${minutes.minutesState}`)}
			</p>
		)
	if (minutes.inCorrection)
		return (
			<p className="notice-info" role="status">
				{t('minutes.lifecycle.banner.correction')}
			</p>
		)
	return null
}

/** "Připravit zápis podle programu": for writers while the minutes are empty. */
export function PrepareMinutesForm({ meetingId }: { meetingId: string }) {
	const { t } = useTranslation()
	const fetcher = useLifecycleFetcher('prepare')
	const error = refusal(fetcher.data)
	return (
		<fetcher.Form method="post" action={actionPath(meetingId)} className="stack">
			<FormErrors errors={error ? [error] : undefined} />
			<p className="muted">{t('minutes.lifecycle.prepare.hint')}</p>
			<div className="actions">
				<button
					type="submit"
					name="intent"
					value="prepare"
					className="button"
					disabled={fetcher.state !== 'idle'}
				>
					{t('minutes.lifecycle.prepare')}
				</button>
			</div>
		</fetcher.Form>
	)
}

/** A step without fields: publish, correct. */
function StepForm({
	meetingId,
	intent,
	label,
	hint,
	secondary,
}: {
	meetingId: string
	intent: 'publish' | 'correct'
	label: string
	hint: string
	secondary?: boolean
}) {
	const fetcher = useLifecycleFetcher(intent)
	const error = refusal(fetcher.data)
	return (
		<fetcher.Form method="post" action={actionPath(meetingId)} className="stack">
			<FormErrors errors={error ? [error] : undefined} />
			<p className="muted">{hint}</p>
			<div className="actions">
				<button
					type="submit"
					name="intent"
					value={intent}
					className={secondary ? 'button button--secondary' : 'button'}
					disabled={fetcher.state !== 'idle'}
				>
					{label}
				</button>
			</div>
		</fetcher.Form>
	)
}

function SendForCommentsForm({
	meetingId,
	commentsUntil,
}: {
	meetingId: string
	commentsUntil: DateValue | null
}) {
	const { t } = useTranslation()
	const fetcher = useLifecycleFetcher('send')
	const [form, fields] = useForm({
		id: 'minutes-send-for-comments',
		lastResult: formResult(fetcher.data, 'sendForComments'),
		constraint: getZodConstraint(SendForCommentsSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SendForCommentsSchema }),
	})
	const error = refusal(fetcher.data)
	return (
		<fetcher.Form
			method="post"
			action={actionPath(meetingId)}
			className="form stack"
			{...getFormProps(form)}
		>
			<input type="hidden" name="intent" value="sendForComments" />
			<FormErrors id={form.errorId} errors={error ? [error] : form.errors} />
			<Field
				label={t('minutes.lifecycle.commentsUntil')}
				hint={t('minutes.lifecycle.send.hint')}
				inputProps={{
					...getInputProps(fields.commentsUntil, { type: 'date' }),
					min: pragueToday(),
					defaultValue: commentsUntil ? pragueDate(commentsUntil) : undefined,
				}}
				errors={fields.commentsUntil.errors}
			/>
			<div className="actions">
				<button type="submit" className="button" disabled={fetcher.state !== 'idle'}>
					{commentsUntil ? t('minutes.lifecycle.send.change') : t('minutes.lifecycle.send')}
				</button>
			</div>
		</fetcher.Form>
	)
}

function pragueDate(value: DateValue) {
	return pragueToday(new Date(value))
}

function ApproveForm({ meetingId, correction }: { meetingId: string; correction: boolean }) {
	const { t } = useTranslation()
	const fetcher = useLifecycleFetcher('approve')
	const schema = approveSchema(correction)
	const [form, fields] = useForm({
		id: 'minutes-approve',
		lastResult: formResult(fetcher.data, 'approve'),
		constraint: getZodConstraint(schema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	const error = refusal(fetcher.data)
	return (
		<fetcher.Form
			method="post"
			action={actionPath(meetingId)}
			className="form stack"
			{...getFormProps(form)}
		>
			<input type="hidden" name="intent" value="approve" />
			<FormErrors id={form.errorId} errors={error ? [error] : form.errors} />
			<p className="muted">{t('minutes.lifecycle.approve.hint')}</p>
			{correction ? (
				<TextareaField
					label={t('minutes.lifecycle.note')}
					hint={t('minutes.lifecycle.note.hint')}
					textareaProps={{ ...getTextareaProps(fields.note), rows: 2 }}
					errors={fields.note.errors}
				/>
			) : null}
			<div className="actions">
				<button type="submit" className="button" disabled={fetcher.state !== 'idle'}>
					{t('minutes.lifecycle.approve')}
				</button>
			</div>
		</fetcher.Form>
	)
}

/**
 * The minutes' state, the steps the meeting's managers may take now, and every approved version
 * (each opens in the version view).
 */
export function MinutesLifecyclePanel({
	meeting,
	minutes,
	canManage,
}: {
	meeting: Meeting
	minutes: MinutesLifecycleView
	canManage: boolean
}) {
	const { t, locale } = useTranslation()
	const { minutesState, inCorrection } = minutes
	const frozen = minutesState === 'approved' || minutesState === 'published'
	const held = meeting.state === 'held' || meeting.state === 'minutes_approved'
	const stateLabel = inCorrection
		? t('minutes.lifecycle.state.correction')
		: t(`minutes.lifecycle.state.${minutesState}`)
	return (
		<section aria-labelledby="minutes-lifecycle-title" className="card stack minutes-lifecycle">
			<h3 id="minutes-lifecycle-title">{t('minutes.lifecycle.heading')}</h3>
			<p>
				<span className={`badge minutes-state minutes-state--${minutesState}`}>{stateLabel}</span>
				{minutesState === 'published' ? (
					<>
						{' '}
						<Link to={`/verejne/zapisy/${meeting.id}`}>{t('minutes.lifecycle.publicLink')}</Link>
					</>
				) : null}
			</p>
			{canManage && !frozen ? (
				<>
					{!inCorrection ? (
						<SendForCommentsForm meetingId={meeting.id} commentsUntil={minutes.commentsUntil} />
					) : null}
					{held ? (
						<ApproveForm meetingId={meeting.id} correction={inCorrection} />
					) : (
						<p className="muted">{t('minutes.lifecycle.approve.notHeld')}</p>
					)}
				</>
			) : null}
			{canManage && minutesState === 'approved' ? (
				meeting.visibility === 'public' ? (
					<StepForm
						meetingId={meeting.id}
						intent="publish"
						label={t('minutes.lifecycle.publish')}
						hint={t('minutes.lifecycle.publish.hint')}
					/>
				) : (
					<p className="muted">{t('minutes.lifecycle.publish.notPublic')}</p>
				)
			) : null}
			{canManage && frozen ? (
				<StepForm
					meetingId={meeting.id}
					intent="correct"
					label={t('minutes.lifecycle.correct')}
					hint={t('minutes.lifecycle.correct.hint')}
					secondary
				/>
			) : null}
			{minutes.approvals.length ? (
				<div className="stack">
					<h4>{t('minutes.lifecycle.approvals')}</h4>
					<div className="table-wrap">
						<table className="table">
							<caption className="visually-hidden">
								{t('minutes.lifecycle.approvals.caption')}
							</caption>
							<thead>
								<tr>
									<th scope="col">{t('minutes.lifecycle.approvals.date')}</th>
									<th scope="col">{t('minutes.lifecycle.approvals.approver')}</th>
									<th scope="col">{t('minutes.lifecycle.approvals.note')}</th>
								</tr>
							</thead>
							<tbody>
								{minutes.approvals.map((approval) => (
									<tr key={approval.id}>
										<td>
											<Link
												to={`/meetings/${meeting.id}/versions/${approval.versionId}`}
												preventScrollReset
												aria-label={`${t('minutes.lifecycle.approvals.view')}: ${formatDateTime(new Date(approval.approvedAt), locale)}`}
											>
												{formatDateTime(new Date(approval.approvedAt), locale)}
											</Link>
											{approval.publishedAt ? (
												<span className="muted">
													{' '}
													({t('minutes.lifecycle.approvals.published')})
												</span>
											) : null}
										</td>
										<td>{approval.approverName ?? '—'}</td>
										<td>{approval.note ?? t('minutes.lifecycle.approvals.first')}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				</div>
			) : null}
		</section>
	)
}
