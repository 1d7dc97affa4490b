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
import {
	Field,
	FieldFrame,
	FormErrors,
	SelectField,
	TextareaField,
} from '#app/components/ui/field.tsx'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { TASK_STATUSES } from '#db/schema/meeting-work.ts'
import { TaskSchema } from './task.schema.ts'

export type OwnerOptions = {
	people: Array<{ id: string; name: string }>
	memberOrganisations: Array<{ id: string; name: string }>
	otherOrganisations: Array<{ id: string; name: string }>
}

export type TaskDefaults = {
	id: string
	title: string
	description: string | null
	ownerUserId: string | null
	ownerOrganisationId: string | null
	dueDate: string | null
	status: string
	agendaItemId: string | null
}

function ownerValue(task: TaskDefaults) {
	if (task.ownerUserId) return `user:${task.ownerUserId}`
	if (task.ownerOrganisationId) return `organisation:${task.ownerOrganisationId}`
	return ''
}

/**
 * Adds a task to the meeting, or edits one. A due date in the past is allowed (tasks are often
 * recorded after the fact); the form says it will be marked "Po termínu".
 */
export function TaskForm({
	meetingId,
	agendaItems,
	owners,
	today,
	editing,
	lastResult,
}: {
	meetingId: string
	agendaItems: Array<{ id: string; title: string }>
	owners: OwnerOptions
	today: string
	editing: TaskDefaults | null
	lastResult: SubmissionResult<string[]> | undefined
}) {
	const { t } = useTranslation()
	const navigation = useNavigation()
	const [form, fields] = useForm({
		id: editing ? `task-${editing.id}` : 'task-new',
		lastResult,
		constraint: getZodConstraint(TaskSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		defaultValue: editing
			? {
					title: editing.title,
					description: editing.description ?? '',
					owner: ownerValue(editing),
					dueDate: editing.dueDate ?? '',
					status: editing.status,
					agendaItemId: editing.agendaItemId ?? '',
				}
			: { status: 'open' },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: TaskSchema }),
	})
	const headingId = `${form.id}-heading`
	const dueDate = typeof fields.dueDate.value === 'string' ? fields.dueDate.value : ''
	const pastDue =
		/^\d{4}-\d{2}-\d{2}$/.test(dueDate) &&
		dueDate < today &&
		fields.status.value !== 'done' &&
		fields.status.value !== 'cancelled'
	const { key: ownerKey, ...ownerProps } = getSelectProps(fields.owner)
	return (
		<section id="task-form" className="card stack" aria-labelledby={headingId}>
			<h3 id={headingId}>{editing ? t('tasks.edit') : t('tasks.add')}</h3>
			<Form method="post" className="form" {...getFormProps(form)} preventScrollReset>
				<input type="hidden" name="intent" value={editing ? 'task-update' : 'task-create'} />
				{editing ? <input type="hidden" name="taskId" value={editing.id} /> : null}
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label={t('tasks.name')}
					hint={t('tasks.name.hint')}
					inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoComplete: 'off' }}
					errors={fields.title.errors}
				/>
				<TextareaField
					label={t('tasks.description')}
					optional
					textareaProps={{ ...getTextareaProps(fields.description), rows: 3 }}
					errors={fields.description.errors}
				/>
				<FieldFrame
					label={t('tasks.owner')}
					hint={t('tasks.owner.hint')}
					id={ownerProps.id}
					errors={fields.owner.errors}
					render={(a11y) => (
						<select key={ownerKey} {...ownerProps} {...a11y}>
							<option value="">{t('tasks.owner.placeholder')}</option>
							{owners.people.length ? (
								<optgroup label={t('tasks.owner.people')}>
									{owners.people.map((person) => (
										<option key={person.id} value={`user:${person.id}`}>
											{person.name}
										</option>
									))}
								</optgroup>
							) : null}
							{owners.memberOrganisations.length ? (
								<optgroup label={t('tasks.owner.memberOrganisations')}>
									{owners.memberOrganisations.map((organisation) => (
										<option key={organisation.id} value={`organisation:${organisation.id}`}>
											{organisation.name}
										</option>
									))}
								</optgroup>
							) : null}
							{owners.otherOrganisations.length ? (
								<optgroup label={t('tasks.owner.otherOrganisations')}>
									{owners.otherOrganisations.map((organisation) => (
										<option key={organisation.id} value={`organisation:${organisation.id}`}>
											{organisation.name}
										</option>
									))}
								</optgroup>
							) : null}
						</select>
					)}
				/>
				<Field
					label={t('tasks.dueDate')}
					optional
					inputProps={{
						...getInputProps(fields.dueDate, { type: 'date' }),
						className: 'input--short',
					}}
					errors={fields.dueDate.errors}
				>
					{pastDue ? (
						<p className="task-warning" role="status">
							{t('tasks.dueDate.past')}
						</p>
					) : null}
				</Field>
				<SelectField
					label={t('tasks.status')}
					selectProps={getSelectProps(fields.status)}
					options={TASK_STATUSES.map((status) => ({
						value: status,
						label: t(`tasks.status.${status}`),
					}))}
					errors={fields.status.errors}
				/>
				{agendaItems.length > 0 ? (
					<SelectField
						label={t('tasks.agendaItem')}
						optional
						selectProps={getSelectProps(fields.agendaItemId)}
						placeholder={t('decisions.agendaItem.none')}
						options={agendaItems.map((item) => ({ value: item.id, label: item.title }))}
						errors={fields.agendaItemId.errors}
					/>
				) : null}
				<div className="actions">
					<button type="submit" className="button" disabled={navigation.state === 'submitting'}>
						{editing ? t('tasks.save') : t('tasks.add')}
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
