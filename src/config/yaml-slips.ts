/**
 * Two YAML slips a Chinese typist makes, found on the lines themselves because the YAML library's words
 * for them mislead (“Unexpected scalar at node end”, “Nested mappings are not allowed”, or a key that
 * silently becomes text): a key followed by a full-width colon (全角冒号 “：”), and a value that holds a
 * colon and a space without quotes. `lines` are the YAML's lines; `firstLine` the file line of the first.
 */
export interface YamlSlip {
  line: number;
  reason: string;
  hint: string;
}

const FULL_WIDTH_KEY = /^\s*(?:-\s+)?([A-Za-z][\w.-]*)\s*：/;
const COLON_IN_VALUE = /^\s*(?:-\s+)?([A-Za-z][\w.-]*):\s+(?!["'|>[{&*!])[^#]*?:\s/;

export function yamlSlip(text: string, firstLine = 1): YamlSlip | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const fullWidth = FULL_WIDTH_KEY.exec(line);
    if (fullWidth) {
      const key = fullWidth[1]!;
      return { line: firstLine + i, reason: `“${key}：” has a full-width colon (全角冒号 “：”) after the key`, hint: `Write the half-width colon and a space: “${key}: …”.` };
    }
    const inValue = COLON_IN_VALUE.exec(line);
    if (inValue) {
      const key = inValue[1]!;
      const value = line.slice(line.indexOf(':') + 1).trim();
      return { line: firstLine + i, reason: `the value of “${key}” holds a colon and a space, which YAML reads as a new key`, hint: `Put the value in quotes: ${key}: "${value.replace(/"/g, '\\"')}".` };
    }
  }
  return undefined;
}
