import { useId } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'

export type ListOfErrors = Array<string | null | undefined> | null | undefined

/** Field errors are message keys (schemas are language-neutral); shown translated. */
export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
	const { t } = useTranslation()
	const shown = errors?.filter(Boolean) as string[] | undefined
	if (!shown?.length) return null
	return (
		<ul id={id} className="field-errors">
			{shown.map((error) => (
				<li key={error}>{translateError(t, error)}</li>
			))}
		</ul>
	)
}

/** Errors may carry parameters as `key|name=value|…`, e.g. `error.tooLong|max=200`. */
function translateError(t: ReturnType<typeof useTranslation>['t'], error: string) {
	const [key, ...rest] = error.split('|')
	const params = Object.fromEntries(rest.map((pair) => pair.split('=') as [string, string]))
	return t(key!, params)
}

type Control<T> = T & { key?: string; id?: string }

/**
 * Label, hint and errors around one control, wired up for screen readers: the control gets the
 * id, `aria-invalid` and `aria-describedby` from `render`.
 */
export function FieldFrame({
	label,
	id: givenId,
	errors,
	hint,
	optional,
	className,
	render,
}: {
	label: React.ReactNode
	id?: string
	errors?: ListOfErrors
	hint?: React.ReactNode
	optional?: boolean
	className?: string
	render: (a11y: {
		id: string
		'aria-invalid': true | undefined
		'aria-describedby': string | undefined
	}) => React.ReactNode
}) {
	const { t } = useTranslation()
	const fallbackId = useId()
	const id = givenId ?? fallbackId
	const errorId = errors?.some(Boolean) ? `${id}-error` : undefined
	const hintId = hint ? `${id}-hint` : undefined
	return (
		<div className={['field', className].filter(Boolean).join(' ')}>
			<label htmlFor={id}>
				{label}
				{optional ? <span className="muted"> ({t('form.optional')})</span> : null}
			</label>
			{hint ? (
				<p id={hintId} className="field-hint">
					{hint}
				</p>
			) : null}
			{render({
				id,
				'aria-invalid': errorId ? true : undefined,
				'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
			})}
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

type FieldProps = {
	label: React.ReactNode
	errors?: ListOfErrors
	hint?: React.ReactNode
	optional?: boolean
	className?: string
}

export function Field({
	inputProps,
	children,
	...frame
}: FieldProps & {
	inputProps: Control<React.InputHTMLAttributes<HTMLInputElement>>
	children?: React.ReactNode
}) {
	const { key, ...rest } = inputProps
	return (
		<FieldFrame
			{...frame}
			id={inputProps.id}
			render={(a11y) => (
				<>
					<input key={key} {...rest} {...a11y} />
					{children}
				</>
			)}
		/>
	)
}

export function SelectField({
	selectProps,
	options,
	placeholder,
	...frame
}: FieldProps & {
	selectProps: Control<React.SelectHTMLAttributes<HTMLSelectElement>>
	options: Array<{ value: string; label: string }>
	placeholder?: string
}) {
	const { key, ...rest } = selectProps
	return (
		<FieldFrame
			{...frame}
			id={selectProps.id}
			render={(a11y) => (
				<select key={key} {...rest} {...a11y}>
					{placeholder !== undefined ? <option value="">{placeholder}</option> : null}
					{options.map((option) => (
						<option key={option.value} value={option.value}>
							{option.label}
						</option>
					))}
				</select>
			)}
		/>
	)
}

export function TextareaField({
	textareaProps,
	...frame
}: FieldProps & {
	textareaProps: Control<React.TextareaHTMLAttributes<HTMLTextAreaElement>>
}) {
	const { key, ...rest } = textareaProps
	return (
		<FieldFrame
			{...frame}
			id={textareaProps.id}
			render={(a11y) => <textarea key={key} {...rest} {...a11y} />}
		/>
	)
}

/** Form-level errors (e.g. wrong password), announced as an alert. */
export function FormErrors({ id, errors }: { id?: string; errors?: ListOfErrors }) {
	const { t } = useTranslation()
	const shown = errors?.filter(Boolean) as string[] | undefined
	if (!shown?.length) return null
	return (
		<div id={id} className="form-errors" role="alert">
			{shown.map((error) => (
				<p key={error}>{translateError(t, error)}</p>
			))}
		</div>
	)
}
