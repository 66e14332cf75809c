import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';

/**
 * A text field held by a react-hook-form form, as a controlled MUI field: when the form is reset
 * after a submit its label drops back into the empty field (an uncontrolled one kept it raised, as
 * MUI never hears of a value set from outside). Shows the field's validation message unless
 * `helperText` is given.
 */
export function FormTextField<Values extends FieldValues>({
  control,
  name,
  ...props
}: { readonly control: Control<Values>; readonly name: Path<Values> } & Omit<
  TextFieldProps,
  'name' | 'value' | 'onChange' | 'onBlur' | 'inputRef'
>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          {...props}
          name={field.name}
          value={field.value ?? ''}
          onChange={field.onChange}
          onBlur={field.onBlur}
          inputRef={field.ref}
          error={props.error ?? fieldState.invalid}
          helperText={props.helperText ?? fieldState.error?.message}
        />
      )}
    />
  );
}
