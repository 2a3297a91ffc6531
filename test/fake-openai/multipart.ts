// A small multipart/form-data reader for the upload endpoints (POST /v1/files): enough of RFC 7578 for what the
// SDK sends (one part per field, `name` and optional `filename` in Content-Disposition, raw bytes as the value).
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The boundary of a `multipart/form-data; boundary=…` content type; undefined when it is not multipart. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** Splits the body at the boundary; throws on a body that is not well-formed multipart. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('no multipart boundary in the body');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parts; // the closing delimiter
    const headersEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(delimiter, at);
    if (headersEnd < 0 || next < 0) throw new Error('a multipart part is not terminated');
    const headerText = body.subarray(at, headersEnd).toString('utf8');
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headersEnd + 4, next - 2);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headerText)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new Error('a multipart part has no name');
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const contentType = /content-type:\s*([^\r\n]*)/i.exec(headerText)?.[1]?.trim();
    parts.push({
      name,
      data,
      ...(filename !== undefined ? { filename } : {}),
      ...(contentType ? { contentType } : {}),
    });
    at = next;
  }
}

/**
 * The fields as the spec's multipart schema sees them: text fields as strings, nested `a[b]` fields (the SDK's
 * form encoding of objects such as `expires_after[anchor]`) as objects, file parts as their text.
 */
export function multipartFields(parts: MultipartPart[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    const value = part.data.toString('utf8');
    const nested = /^([^[\]]+)\[([^[\]]+)\]$/.exec(part.name);
    if (nested) {
      const holder = (out[nested[1]!] ??= {}) as Record<string, unknown>;
      holder[nested[2]!] = /^\d+$/.test(value) ? Number(value) : value;
    } else out[part.name] = value;
  }
  return out;
}
