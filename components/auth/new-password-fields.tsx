import { PASSWORD_MIN_LENGTH } from "@/lib/account-schemas";
import { TextField } from "@/components/ui/field";

/**
 * A new password and its confirmation, as every form that sets one asks for
 * them: the minimum length as the hint, and autocomplete="new-password" so a
 * password manager offers a fresh one. Ids `<idPrefix>-password` and
 * `<idPrefix>-confirm`; the password is posted as `name`, the copy as `confirm`.
 */
export function NewPasswordFields({
  idPrefix,
  name = "password",
  label = "Password",
  fieldError,
  autoFocus,
}: {
  idPrefix: string;
  name?: string;
  label?: "Password" | "New password";
  fieldError: (field: string) => string | undefined;
  autoFocus?: boolean;
}) {
  return (
    <>
      <TextField
        id={`${idPrefix}-password`}
        name={name}
        label={label}
        type="password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={fieldError(name)}
        autoComplete="new-password"
        autoFocus={autoFocus}
      />
      <TextField
        id={`${idPrefix}-confirm`}
        name="confirm"
        label={`Confirm ${label.toLowerCase()}`}
        type="password"
        error={fieldError("confirm")}
        autoComplete="new-password"
      />
    </>
  );
}
