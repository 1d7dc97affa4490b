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
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MEETING_VISIBILITIES } from '#db/schema/meetings.ts'
import { MeetingKindField, MeetingPlaceFields } from './meeting-fields.tsx'
import { EditMeetingSchema, NewMeetingSchema } from './meeting.schema.ts'

/** What the form starts with: Prague `datetime-local` strings for the times. */
export type MeetingFormDefaults = {
	title?: string
	kind?: string
	startsAt?: string
	endsAt?: string
	place?: string | null
	onlineUrl?: string | null
	visibility?: string
	description?: string | null
}

/** The meeting form for creating (`isNew`: no start in the past) and editing. */
export function MeetingForm({
	id,
	isNew,
	lastResult,
	defaultValue,
	submitLabel,
	cancelTo,
}: {
	id: string
	isNew: boolean
	lastResult?: SubmissionResult<string[]>
	defaultValue: MeetingFormDefaults
	submitLabel: string
	cancelTo: string
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const schema = isNew ? NewMeetingSchema : EditMeetingSchema
	const [form, fields] = useForm({
		id,
		lastResult,
		defaultValue: {
			...defaultValue,
			kind: defaultValue.kind ?? 'working_group',
			visibility: defaultValue.visibility ?? 'members',
			status: 'confirmed',
		},
		constraint: getZodConstraint(schema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	return (
		<Form method="post" className="form" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<Field
				label={t('meetings.name')}
				hint={t('meetings.name.hint')}
				inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }}
				errors={fields.title.errors}
			/>
			<MeetingKindField meta={fields.kind} />
			<Field
				label={t('meetings.startsAt')}
				hint={t('meetings.startsAt.hint')}
				inputProps={getInputProps(fields.startsAt, { type: 'datetime-local' })}
				errors={fields.startsAt.errors}
			/>
			<Field
				label={t('meetings.endsAt')}
				hint={t('meetings.endsAt.hint')}
				optional
				inputProps={getInputProps(fields.endsAt, { type: 'datetime-local' })}
				errors={fields.endsAt.errors}
			/>
			<MeetingPlaceFields place={fields.place} onlineUrl={fields.onlineUrl} />
			<SelectField
				label={t('meetings.visibility')}
				hint={t('meetings.visibility.hint')}
				selectProps={getSelectProps(fields.visibility)}
				options={MEETING_VISIBILITIES.map((visibility) => ({
					value: visibility,
					label: t(`meetings.visibility.${visibility}`),
				}))}
				errors={fields.visibility.errors}
			/>
			{isNew ? (
				<SelectField
					label={t('meetings.status')}
					hint={t('meetings.status.hint')}
					selectProps={getSelectProps(fields.status)}
					options={(['confirmed', 'draft'] as const).map((status) => ({
						value: status,
						label: t(`meetings.status.${status}`),
					}))}
					errors={fields.status.errors}
				/>
			) : null}
			<TextareaField
				label={t('meetings.description')}
				hint={t('meetings.description.hint')}
				optional
				textareaProps={{ ...getTextareaProps(fields.description), rows: 4 }}
				errors={fields.description.errors}
			/>
			<div className="actions">
				<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
					{submitLabel}
				</button>
				<Link to={cancelTo}>{t('form.cancel')}</Link>
			</div>
		</Form>
	)
}
