import {
	getFormProps,
	getInputProps,
	getSelectProps,
	getTextareaProps,
	type SubmissionResult,
	useForm,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import {
	ErrorList,
	Field,
	FormErrors,
	SelectField,
	TextareaField,
} from '#app/components/ui/field.tsx'
import { TIME_ZONE } from '#app/i18n/i18n.ts'
import { languageTag } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MeetingKindField, MeetingPlaceFields } from './meeting-fields.tsx'
import { describeRecurrence, parseRRule, formatRRule, WEEKDAYS } from './recurrence.ts'
import {
	DAY_RULES,
	END_KINDS,
	NewSeriesSchema,
	ORDINALS,
	previewOccurrences,
	REPEAT_KINDS,
} from './series.schema.ts'

/** What a preview needs: the rule, the first meeting and the dates saving would create. */
export type SeriesPreviewData = { rrule: string; startsAt: string; occurrences: string[] }

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const

/** The preview from what the form holds now, or null while something is missing or wrong. */
function previewFromForm(form: HTMLFormElement): SeriesPreviewData | null {
	const submission = parseWithZod(new FormData(form), { schema: NewSeriesSchema })
	if (submission.status !== 'success') return null
	return {
		rrule: formatRRule(submission.value.rule),
		startsAt: submission.value.startsAt.toISOString(),
		occurrences: previewOccurrences(submission.value).map((date) => date.toISOString()),
	}
}

/**
 * "Nová řada setkání": the meeting's details, how often it repeats in plain Czech controls, the
 * agenda template, and a preview of the dates (live while typing, or by the preview button when
 * scripts are off). Controls that do not apply to the chosen repetition are hidden by CSS.
 */
export function SeriesForm({
	lastResult,
	serverPreview,
	cancelTo,
}: {
	lastResult?: SubmissionResult<string[]>
	serverPreview?: SeriesPreviewData | null
	cancelTo: string
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [livePreview, setLivePreview] = useState<SeriesPreviewData | null | undefined>(undefined)
	const [form, fields] = useForm({
		id: 'new-series',
		lastResult,
		defaultValue: {
			kind: 'working_group',
			durationMinutes: '120',
			repeat: 'monthly',
			interval: '1',
			dayRule: 'weekday',
			ordinal: '1',
			weekday: 'MO',
			end: 'none',
		},
		constraint: getZodConstraint(NewSeriesSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: NewSeriesSchema }),
	})
	const preview = livePreview === undefined ? (serverPreview ?? null) : livePreview
	const chosenMonths = new Set(
		[fields.months.initialValue ?? []].flat().map((value) => String(value)),
	)
	const radio = (
		field: typeof fields.repeat | typeof fields.dayRule | typeof fields.end,
		value: string,
		label: string,
	) => {
		const props = getInputProps(field, { type: 'radio', value })
		const id = `${field.id}-${value}`
		return (
			<div className="checkbox" key={value}>
				<input {...props} id={id} />
				<label htmlFor={id}>{label}</label>
			</div>
		)
	}
	return (
		<div className="series-new">
			<Form
				method="post"
				className="form series-form"
				{...getFormProps(form)}
				onChange={(event) => setLivePreview(previewFromForm(event.currentTarget))}
			>
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('meetings.name')}
					hint={t('series.name.hint')}
					inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }}
					errors={fields.title.errors}
				/>
				<MeetingKindField meta={fields.kind} />
				<Field
					label={t('series.startsAt')}
					hint={t('series.startsAt.hint')}
					inputProps={getInputProps(fields.startsAt, { type: 'datetime-local' })}
					errors={fields.startsAt.errors}
				/>
				<Field
					label={t('series.duration')}
					hint={t('series.duration.hint')}
					inputProps={{
						...getInputProps(fields.durationMinutes, { type: 'number' }),
						inputMode: 'numeric',
						step: 5,
					}}
					errors={fields.durationMinutes.errors}
				/>
				<MeetingPlaceFields place={fields.place} onlineUrl={fields.onlineUrl} />

				<fieldset className="radio-group series-repeat">
					<legend>{t('series.repeat')}</legend>
					{REPEAT_KINDS.map((kind) => radio(fields.repeat, kind, t(`series.repeat.${kind}`)))}
					<ErrorList id={`${fields.repeat.id}-error`} errors={fields.repeat.errors} />
				</fieldset>
				<div className="series-interval">
					<Field
						label={t('series.interval')}
						hint={t('series.interval.hint')}
						inputProps={{
							...getInputProps(fields.interval, { type: 'number' }),
							inputMode: 'numeric',
						}}
						errors={fields.interval.errors}
					/>
				</div>
				<fieldset
					className="radio-group series-months"
					aria-describedby={fields.months.errors?.length ? `${fields.months.id}-error` : undefined}
				>
					<legend>{t('series.months')}</legend>
					<div className="series-months__grid">
						{MONTHS.map((month) => {
							const id = `${fields.months.id}-${month}`
							return (
								<div className="checkbox" key={month}>
									<input
										type="checkbox"
										id={id}
										name={fields.months.name}
										value={String(month)}
										defaultChecked={chosenMonths.has(String(month))}
										key={`${fields.months.key ?? ''}-${month}`}
									/>
									<label htmlFor={id}>{monthName(month, t)}</label>
								</div>
							)
						})}
					</div>
					<ErrorList id={`${fields.months.id}-error`} errors={fields.months.errors} />
				</fieldset>
				<p className="muted series-weekly-note">{t('series.weeklyDay')}</p>
				<fieldset className="radio-group series-day">
					<legend>{t('series.dayRule')}</legend>
					{DAY_RULES.map((rule) => radio(fields.dayRule, rule, t(`series.dayRule.${rule}`)))}
					<div className="series-day__weekday">
						<SelectField
							label={t('series.ordinal')}
							selectProps={getSelectProps(fields.ordinal)}
							options={ORDINALS.map((ordinal) => ({
								value: ordinal,
								label: t(`series.ordinal.${ordinal}`),
							}))}
							errors={fields.ordinal.errors}
						/>
						<SelectField
							label={t('series.weekday')}
							selectProps={getSelectProps(fields.weekday)}
							options={WEEKDAYS.map((weekday) => ({
								value: weekday,
								label: t(`series.weekday.${weekday}`),
							}))}
							errors={fields.weekday.errors}
						/>
					</div>
				</fieldset>
				<fieldset className="radio-group series-end">
					<legend>{t('series.end')}</legend>
					{END_KINDS.map((end) => radio(fields.end, end, t(`series.end.${end}`)))}
					<div className="series-end__until">
						<Field
							label={t('series.until')}
							inputProps={getInputProps(fields.until, { type: 'date' })}
							errors={fields.until.errors}
						/>
					</div>
					<div className="series-end__count">
						<Field
							label={t('series.count')}
							inputProps={{
								...getInputProps(fields.count, { type: 'number' }),
								inputMode: 'numeric',
							}}
							errors={fields.count.errors}
						/>
					</div>
				</fieldset>
				<TextareaField
					label={t('series.agenda')}
					hint={t('series.agenda.hint')}
					optional
					textareaProps={{ ...getTextareaProps(fields.agenda), rows: 6 }}
					errors={fields.agenda.errors}
				/>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{t('series.new.submit')}
					</button>
					<button
						type="submit"
						name="intent"
						value="preview"
						className="button button--secondary"
						disabled={navigation.state === 'submitting'}
					>
						{t('series.new.preview')}
					</button>
					<Link to={cancelTo}>{t('form.cancel')}</Link>
				</div>
			</Form>
			<SeriesPreview preview={preview} />
		</div>
	)
}

function monthName(month: number, t: ReturnType<typeof useTranslation>['t']) {
	return t(`series.month.${month}`)
}

/** The rule in words and the dates saving would create, announced politely when it changes. */
export function SeriesPreview({ preview }: { preview: SeriesPreviewData | null }) {
	const { t, locale } = useTranslation()
	const dateFormat = new Intl.DateTimeFormat(languageTag(locale), {
		weekday: 'long',
		day: 'numeric',
		month: 'numeric',
		year: 'numeric',
		hour: 'numeric',
		minute: '2-digit',
		timeZone: TIME_ZONE,
	})
	return (
		<section className="card stack series-preview" aria-labelledby="series-preview-title">
			<h2 id="series-preview-title">{t('series.preview.title')}</h2>
			<div aria-live="polite" className="stack">
				{preview ? (
					<>
						<p>
							{t('series.preview.rule', {
								rule: describeRecurrence(
									parseRRule(preview.rrule),
									new Date(preview.startsAt),
									locale,
								),
							})}
						</p>
						{preview.occurrences.length ? (
							<>
								<p className="muted">
									{t('series.preview.count', { count: String(preview.occurrences.length) })}
								</p>
								<ol className="list" aria-label={t('series.preview.list')}>
									{preview.occurrences.map((date) => (
										<li key={date}>
											<time dateTime={date}>{dateFormat.format(new Date(date))}</time>
										</li>
									))}
								</ol>
							</>
						) : (
							<p>{t('series.preview.none')}</p>
						)}
					</>
				) : (
					<p className="muted">{t('series.preview.incomplete')}</p>
				)}
			</div>
		</section>
	)
}
