/**
 * User names by uid from /etc/passwd text. The first line for a uid wins, as
 * getpwuid(3) returns it; comments, NIS "+" lines and malformed lines are skipped.
 */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    const name = fields[0];
    if (fields.length < 7 || !name || name.startsWith("#") || name.startsWith("+") || name.startsWith("-")) continue;
    const uidText = fields[2] ?? "";
    if (!/^\d+$/.test(uidText)) continue;
    const uid = Number(uidText);
    if (!names.has(uid)) names.set(uid, name);
  }
  return names;
}
