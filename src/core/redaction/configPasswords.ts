// Passwords in configuration files, where a human-chosen password ("correcthorsebattery", "hunter2hunter") is
// as secret as a random one but would fail the entropy test the generic assignment scanner needs for code:
// a YAML `password:` line, a .env `PASSWORD=` line, and `Password=` / `Pwd=` in a connection string. The file
// shape is the evidence, so the value only has to be a literal (not a reference, a template or a stand-in).
import type { Candidate } from './kinds';
import { acceptUrlPassword } from './rules';

/** `password:` / `db_password:` / `"PASSWORD":` at the start of a YAML line; the value runs to the line's end. */
const YAML_LINE =
  /^[ \t]*(?:-[ \t]+)?["']?[\w.-]*?(?:pass(?:word|wd)?|pwd)["']?[ \t]*:[ \t]+(?:"([^"\r\n]{1,200})"|'([^'\r\n]{1,200})'|([^\s#"'][^\r\n#]{0,199}?))[ \t]*(?:#[^\r\n]*)?$/dgim;

/** `PASSWORD=…` / `export DB_PASS=…` at the start of a .env / shell line. */
const ENV_LINE =
  /^[ \t]*(?:export[ \t]+)?[A-Za-z0-9_]*?(?:PASS(?:WORD|WD)?|PWD)[ \t]*=[ \t]*(?:"([^"\r\n]{1,200})"|'([^'\r\n]{1,200})'|([^\s"'#][^\s#]{0,199}))[ \t]*(?:#[^\r\n]*)?$/dgim;

/** `Password=…;` in an ADO.NET / ODBC / JDBC-style connection string (a server or database key nearby). */
const CONNECTION_PASSWORD =
  /(?<![\w])(?:password|pwd)[ \t]*=[ \t]*(?:'([^'\r\n;]{1,200})'|([^;"'\r\n]{1,200}))/dgi;
const CONNECTION_CONTEXT =
  /(?:server|data source|host|address|database|initial catalog|user id|uid|username)[ \t]*=/i;

/** A literal password: not empty, not a reference ($VAR, ${…}, {{…}}, %VAR%), a stand-in or a dev default. */
function literalPassword(value: string): boolean {
  const v = value.trim();
  if (v.length < 6 || /\s/.test(v)) return false;
  if (/^[!&*|>]/.test(v)) return false; // YAML tags, anchors, aliases and block scalars
  if (/^\d+$/.test(v)) return false; // a port or a count
  if (/[;,{}()]$/.test(v)) return false; // a member of code (`password: string;`, `password: hash(x),`)
  return acceptUrlPassword(v, '');
}

function scan(text: string, pattern: RegExp, found: Candidate[], context?: (line: string) => boolean): void {
  for (const m of text.matchAll(pattern)) {
    const group = [1, 2, 3].find((g) => m[g] !== undefined && m.indices?.[g]);
    const span = group ? m.indices?.[group] : undefined;
    if (!span || !group) continue;
    const value = m[group]!.trimEnd();
    if (!literalPassword(value)) continue;
    if (context) {
      const lineStart = text.lastIndexOf('\n', span[0]) + 1;
      const lineEnd = text.indexOf('\n', span[1]);
      if (!context(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) continue;
    }
    found.push({ start: span[0], end: span[0] + value.length, kind: 'PASSWORD' });
  }
}

/** NuGet.config: `<add key="ClearTextPassword" value="…" />`. */
const NUGET_PASSWORD = /<add[ \t]+key="(?:ClearText)?Password"[ \t]+value="([^"\r\n]{1,200})"/dgi;
/** `curl -u user:password` / `--user 'user:password'`. */
const CURL_USER = /\bcurl\b[^\r\n]*?[ \t](?:-u|--user)[ \t=]+["']?[^\s:"']{1,100}:([^\s"']{1,200})/dg;
/** Values under `data:` / `stringData:` of a Kubernetes Secret manifest (base64 or plain). */
const K8S_SECRET_VALUE = /^[ \t]{2,}[\w.-]+:[ \t]+["']?([A-Za-z0-9+/=_.-]{8,4000})["']?[ \t]*$/dgm;

function scanKubernetesSecrets(text: string, found: Candidate[]): void {
  if (!/^kind:[ \t]*["']?Secret\b/m.test(text)) return;
  for (const section of text.matchAll(/^(?:data|stringData):[ \t]*\r?\n((?:[ \t]+[^\r\n]*\r?\n?)+)/gm)) {
    const offset = section.index + section[0].length - section[1]!.length;
    for (const m of section[1]!.matchAll(K8S_SECRET_VALUE)) {
      const span = m.indices?.[1];
      if (!span || !literalPassword(m[1]!)) continue;
      found.push({ start: offset + span[0], end: offset + span[1], kind: 'SECRET' });
    }
  }
}

export function scanConfigPasswords(text: string): Candidate[] {
  const found: Candidate[] = [];
  scan(text, YAML_LINE, found);
  scan(text, ENV_LINE, found);
  scan(text, CONNECTION_PASSWORD, found, (line) => CONNECTION_CONTEXT.test(line));
  scan(text, NUGET_PASSWORD, found);
  scan(text, CURL_USER, found);
  scanKubernetesSecrets(text, found);
  return found;
}
