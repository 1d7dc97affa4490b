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
import { useMemo } from 'react'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { DECISION_RULES, decisionSchema } from './decision.schema.ts'

export type DecisionDefaults = {
	id: string
	number: string | null
	text: string
	agendaItemId: string | null
	votesFor: number | null
	votesAgainst: number | null
	votesAbstain: number | null
	rule: string | null
	presentCount: number | null
}

const asText = (value: number | null | undefined) => (value == null ? undefined : String(value))

/** Adds a decision, or edits one (`editing`); keeps everything typed when the server says no. */
export function DecisionForm({
	meetingId,
	agendaItems,
	presentFromAttendance,
	editing,
	lastResult,
}: {
	meetingId: string
	agendaItems: Array<{ id: string; title: string }>
	presentFromAttendance: number | null
	editing: DecisionDefaults | null
	lastResult: SubmissionResult<string[]> | undefined
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const schema = useMemo(() => decisionSchema(presentFromAttendance), [presentFromAttendance])
	const [form, fields] = useForm({
		id: editing ? `decision-${editing.id}` : 'decision-new',
		lastResult,
		constraint: getZodConstraint(schema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		defaultValue: editing
			? {
					text: editing.text,
					agendaItemId: editing.agendaItemId ?? '',
					votesFor: asText(editing.votesFor),
					votesAgainst: asText(editing.votesAgainst),
					votesAbstain: asText(editing.votesAbstain),
					rule: editing.rule ?? 'majority_of_present',
					presentCount: presentFromAttendance === null ? asText(editing.presentCount) : undefined,
				}
			: { rule: 'majority_of_present' },
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	const headingId = `${form.id}-heading`
	return (
		<section id="decision-form" className="card stack" aria-labelledby={headingId}>
			<h3 id={headingId}>
				{editing ? t('decisions.edit', { number: editing.number ?? '' }) : t('decisions.add')}
			</h3>
			<Form method="post" className="form" {...getFormProps(form)} preventScrollReset>
				<input
					type="hidden"
					name="intent"
					value={editing ? 'decision-update' : 'decision-create'}
				/>
				{editing ? <input type="hidden" name="decisionId" value={editing.id} /> : null}
				<FormErrors id={form.errorId} errors={form.errors} />
				<TextareaField
					label={t('decisions.text')}
					hint={t('decisions.text.hint')}
					textareaProps={{ ...getTextareaProps(fields.text), rows: 4 }}
					errors={fields.text.errors}
				/>
				{agendaItems.length > 0 ? (
					<SelectField
						label={t('decisions.agendaItem')}
						optional
						selectProps={getSelectProps(fields.agendaItemId)}
						placeholder={t('decisions.agendaItem.none')}
						options={agendaItems.map((item) => ({ value: item.id, label: item.title }))}
						errors={fields.agendaItemId.errors}
					/>
				) : null}
				<fieldset className="decision-vote">
					<legend>{t('decisions.vote')}</legend>
					<p className="field-hint">{t('decisions.vote.hint')}</p>
					<div className="decision-vote__counts">
						<Field
							label={t('decisions.votesFor')}
							inputProps={{
								...getInputProps(fields.votesFor, { type: 'number' }),
								inputMode: 'numeric',
							}}
							errors={fields.votesFor.errors}
						/>
						<Field
							label={t('decisions.votesAgainst')}
							inputProps={{
								...getInputProps(fields.votesAgainst, { type: 'number' }),
								inputMode: 'numeric',
							}}
							errors={fields.votesAgainst.errors}
						/>
						<Field
							label={t('decisions.votesAbstain')}
							inputProps={{
								...getInputProps(fields.votesAbstain, { type: 'number' }),
								inputMode: 'numeric',
							}}
							errors={fields.votesAbstain.errors}
						/>
					</div>
					{presentFromAttendance === null ? (
						<Field
							label={t('decisions.presentCount')}
							hint={t('decisions.presentCount.hint')}
							optional
							inputProps={{
								...getInputProps(fields.presentCount, { type: 'number' }),
								inputMode: 'numeric',
							}}
							errors={fields.presentCount.errors}
						/>
					) : (
						<p>{t('decisions.presentFromAttendance', { count: presentFromAttendance })}</p>
					)}
					<SelectField
						label={t('decisions.rule')}
						hint={t('decisions.rule.hint')}
						selectProps={getSelectProps(fields.rule)}
						options={DECISION_RULES.map((rule) => ({
							value: rule,
							label: t(`decisions.rule.${rule}`),
						}))}
						errors={fields.rule.errors}
					/>
				</fieldset>
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{editing ? t('decisions.save') : t('decisions.add')}
					</button>
					{editing ? (
						<Link to={`/meetings/${meetingId}/decisions`} preventScrollReset>
							{t('form.cancel')}
						</Link>
					) : null}
				</div>
			</Form>
		</section>
	)
}
