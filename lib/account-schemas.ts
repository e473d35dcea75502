import { z } from "zod";
import { ROLES } from "./roles";

/**
 * User names: lower-case so "Admin" and "admin" can never be two accounts, and
 * plain enough to print in the audit log without escaping.
 */
export const userNameSchema = z
  .string({ error: "Enter a user name." })
  .trim()
  .toLowerCase()
  .min(1, "Enter a user name.")
  .max(32, "A user name has at most 32 characters.")
  .regex(/^[a-z][a-z0-9._-]*$/, "Start with a letter; use only letters, digits, '.', '_' and '-'.");

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing it is no burden. */
export const PASSWORD_MAX_LENGTH = 256;

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN_LENGTH, `A password has at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters.`);

export const roleSchema = z.enum(ROLES, { error: "Choose a role: admin or viewer." });
